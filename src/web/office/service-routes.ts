// The back office of the 政务服务事项 catalogue and the windows of the service hall:
//   GET  /office/agencies/:id/services                             the catalogue (?level=&window=&done=)
//   GET  /office/agencies/:id/services/items/new                   form of a new item (service, admin)
//   POST /office/agencies/:id/services/items                       add it
//   GET  /office/agencies/:id/services/items/:serviceItemId        the item, its form and versions
//   POST /office/agencies/:id/services/items/:serviceItemId        save it (a new version when it changed)
//   POST /office/agencies/:id/services/items/:serviceItemId/withdrawal   withdraw (withdrawn=1) or restore (0)
//   GET  /office/agencies/:id/services/windows                     the windows
//   GET  /office/agencies/:id/services/windows/new                 form of a new window
//   POST /office/agencies/:id/services/windows                     add it
//   GET  /office/agencies/:id/services/windows/:windowId           the window, its form and items
//   POST /office/agencies/:id/services/windows/:windowId           save it
//   POST /office/agencies/:id/services/windows/:windowId/closed    close (closed=1) or open again (0)
//   GET  /office/agencies/:id/services/import                      upload form
//   POST /office/agencies/:id/services/import                      upload, multipart with ?_csrf=
//   POST /office/agencies/:id/services/import/accept               import only the valid rows
//   GET  /office/agencies/:id/services/template.xlsx               the template
//   GET  /office/agencies/:id/services/export.xlsx                 the current catalogue
// Readers: service, admin, supervisor; writers: service, admin. An item or window that is not of the
// agency in the path answers 404, exactly as a missing one.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { hasRole, loadAgencyTree } from '../../agencies/index.ts';
import { DomainError, isDomainError } from '../../kernel/errors.ts';
import {
  buildServiceItemTemplate,
  checkServiceImport,
  createItem,
  createWindow,
  exportCatalogue,
  getItem,
  getWindow,
  importableItems,
  importableWindows,
  importServiceItems,
  isServiceLevel,
  listItems,
  listWindows,
  MAX_IMPORT_BYTES,
  readUploadedServiceItems,
  SERVICE_EDITOR_ROLES,
  SERVICE_READER_ROLES,
  type ServiceItem,
  type ServiceItemField,
  setItemWithdrawnState,
  setWindowClosed,
  updateItem,
  updateWindow,
  type WindowField,
  type WindowInput,
} from '../../services/index.ts';
import { requireStaff } from '../access.ts';
import type { App, Web } from '../context.ts';
import { seeOther, sendPage } from '../render.ts';
import { attachment } from './application-routes.ts';
import { chrome, errorLines, expected } from './chrome.ts';
import {
  type FieldErrors,
  type ItemFormValues,
  itemFormValues,
  parseItemForm,
  parseVersion,
  parseWindowForm,
  valuesOfItem,
  valuesOfWindow,
  type WindowFormValues,
  windowFormValues,
} from './service-forms.ts';
import {
  type AgencyRef,
  CataloguePage,
  ItemFormPage,
  ServiceImportPage,
  type ServiceImportReport,
  serviceItemHref,
  servicesHref,
  WindowFormPage,
  WindowsPage,
  windowHref,
} from './service-pages.tsx';
import { AcceptFileBody, carriedFile, carryFile, uploadedXlsx, uploadLimitLabel } from './xlsx-upload.ts';

const Id = (title: string) => Type.String({ minLength: 1, maxLength: 100, title });
const AgencyParams = Type.Object({ id: Id('机构编号') });
const ItemParams = Type.Object({ id: Id('机构编号'), serviceItemId: Id('事项编号') });
const WindowParams = Type.Object({ id: Id('机构编号'), windowId: Id('窗口编号') });
const S = (maxLength: number, title: string) => Type.Optional(Type.String({ maxLength, title }));
const CatalogueQuery = Type.Object({ level: S(20, '层级'), window: S(100, '办理窗口'), done: S(20, '结果') });
const DoneQuery = Type.Object({ done: S(20, '结果') });
const ItemBody = Type.Object({
  name: S(1000, '事项名称'),
  type: S(40, '事项类型'),
  level: S(40, '层级'),
  basis: S(20_000, '办理依据'),
  conditions: S(20_000, '受理条件'),
  materials: S(50_000, '申请材料'),
  procedure: S(20_000, '办理流程'),
  legalLimitDays: S(40, '法定时限'),
  promisedLimitDays: S(40, '承诺时限'),
  fee: S(5000, '收费标准'),
  window: S(500, '办理窗口'),
  phone: S(600, '咨询电话'),
  onlineUrl: S(5000, '在线办理地址'),
  version: S(20, '表单版本'),
});
const WindowBody = Type.Object({
  name: S(500, '窗口名称'),
  hours: S(2000, '办公时间'),
  phone: S(600, '咨询电话'),
  location: S(1000, '窗口位置'),
  position: S(20, '排列顺序'),
});
const FlagBody = (name: string, title: string) => Type.Object({ [name]: S(5, title) });

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type ImportInput = { windows: WindowInput[]; items: ServiceItem[] };

const NOTICES: Readonly<Record<string, string>> = {
  created: '事项已添加。',
  saved: '修改已保存为新版本。',
  unchanged: '内容没有变化，未保存新版本。',
  withdrawn: '事项已撤回，不再对外公开。',
  restored: '事项已恢复公开。',
  windowCreated: '窗口已添加。',
  windowSaved: '窗口已保存。',
  closed: '窗口已关闭。',
  reopened: '窗口已重新开放。',
  imported: '导入完成：内容有变化的事项已保存为新版本。',
  importUnchanged: '导入的内容与现有目录相同，没有任何改动。',
};

const notice = (done: string | undefined) => (done === undefined ? undefined : NOTICES[done]);

function invalid(message: string): DomainError {
  return new DomainError('input.invalid', message, { userMessage: message });
}

/** The field problems a use case attached to its refusal (see services' invalid()). */
function fieldsOf<F extends string>(error: unknown): FieldErrors<F> {
  if (!isDomainError(error)) return {};
  const fields = error.details.fields;
  return typeof fields === 'object' && fields !== null ? (fields as FieldErrors<F>) : {};
}

export function registerServiceCatalogueRoutes(app: App, web: Web): void {
  const { ctx } = web;
  const db = web.database.db;
  const readers = { agencyParam: 'id', roles: SERVICE_READER_ROLES };
  const editors = { agencyParam: 'id', roles: SERVICE_EDITOR_ROLES };

  async function agencyOf(
    request: FastifyRequest,
    id: string,
  ): Promise<{ agency: AgencyRef; canEdit: boolean }> {
    const tree = await loadAgencyTree(db);
    const node = tree.nodes.get(id);
    if (!node) throw new DomainError('access.not_found', 'no such agency');
    return {
      agency: { id: node.id, name: node.name },
      canEdit: SERVICE_EDITOR_ROLES.some((role) => hasRole(requireStaff(request), role, id, tree)),
    };
  }

  app.get(
    '/office/agencies/:id/services',
    { config: { access: readers }, schema: { params: AgencyParams, querystring: CatalogueQuery } },
    async (request, reply) => {
      const { agency, canEdit } = await agencyOf(request, request.params.id);
      const principal = requireStaff(request);
      const q = request.query;
      const all = await listItems(ctx, principal, agency.id);
      const windows = await listWindows(ctx, principal, agency.id);
      const level = isServiceLevel(q.level) ? q.level : '';
      const window = windows.some((w) => w.id === q.window) ? q.window! : '';
      const items = all.filter(
        (i) => (level === '' || i.level === level) && (window === '' || i.windowId === window),
      );
      return sendPage(
        reply,
        CataloguePage({
          chrome: await chrome(web, request, reply),
          agency,
          all,
          items,
          windows,
          filter: { level, window },
          canEdit,
          notice: notice(q.done),
        }),
      );
    },
  );

  async function itemPage(
    request: FastifyRequest,
    reply: FastifyReply,
    agencyId: string,
    options: {
      itemId?: string;
      values?: ItemFormValues;
      errors?: FieldErrors<ServiceItemField>;
      summary?: string[];
      status?: number;
      notice?: string;
    } = {},
  ) {
    const { agency, canEdit } = await agencyOf(request, agencyId);
    const principal = requireStaff(request);
    const found =
      options.itemId === undefined ? undefined : await getItem(ctx, principal, agency.id, options.itemId);
    const windows = await listWindows(ctx, principal, agency.id);
    // A hall with one open window: the new item's window is preselected.
    const onlyOpen = windows.filter((w) => w.closedAt === null);
    const values =
      options.values ??
      (found
        ? valuesOfItem(found.item)
        : itemFormValues({ level: 'town', window: onlyOpen.length === 1 ? onlyOpen[0]!.name : '' }));
    return sendPage(
      reply,
      ItemFormPage({
        chrome: await chrome(web, request, reply),
        agency,
        ...(found ? { item: found.item, versions: found.versions } : {}),
        windows,
        values,
        ...(options.errors ? { errors: options.errors } : {}),
        ...(options.summary ? { summary: options.summary } : {}),
        canEdit,
        ...(options.notice ? { notice: options.notice } : {}),
      }),
      options.status ?? 200,
    );
  }

  app.get(
    '/office/agencies/:id/services/items/new',
    { config: { access: editors }, schema: { params: AgencyParams } },
    async (request, reply) => itemPage(request, reply, request.params.id),
  );

  app.post(
    '/office/agencies/:id/services/items',
    { config: { access: editors }, schema: { params: AgencyParams, body: ItemBody } },
    async (request, reply) => {
      const agencyId = request.params.id;
      const values = itemFormValues(request.body);
      const { item, errors } = parseItemForm(values);
      if (Object.keys(errors).length > 0)
        return itemPage(request, reply, agencyId, {
          values,
          errors,
          summary: ['事项未添加，请修改标出的内容：', ...Object.values(errors)],
          status: 400,
        });
      let created: Awaited<ReturnType<typeof createItem>>;
      try {
        created = await createItem(ctx, requireStaff(request), { agencyId, item });
      } catch (error) {
        const view = expected(error, ['input.invalid']);
        return itemPage(request, reply, agencyId, {
          values,
          errors: fieldsOf(error),
          summary: errorLines(view),
          status: view.status,
        });
      }
      return seeOther(reply, `${serviceItemHref(agencyId, created.id)}?done=created`);
    },
  );

  app.get(
    '/office/agencies/:id/services/items/:serviceItemId',
    { config: { access: readers }, schema: { params: ItemParams, querystring: DoneQuery } },
    async (request, reply) => {
      const n = notice(request.query.done);
      return itemPage(request, reply, request.params.id, {
        itemId: request.params.serviceItemId,
        ...(n ? { notice: n } : {}),
      });
    },
  );

  app.post(
    '/office/agencies/:id/services/items/:serviceItemId',
    { config: { access: editors }, schema: { params: ItemParams, body: ItemBody } },
    async (request, reply) => {
      const { id, serviceItemId } = request.params;
      // The item of the path first: another agency's answers 404 before the form is read.
      await getItem(ctx, requireStaff(request), id, serviceItemId);
      const values = itemFormValues(request.body);
      const { item, errors } = parseItemForm(values);
      const version = parseVersion(values.version);
      const summary = version === null ? ['表单已过期，请刷新页面后重新填写'] : [];
      if (Object.keys(errors).length > 0 || version === null)
        return itemPage(request, reply, id, {
          itemId: serviceItemId,
          values,
          errors,
          summary: ['修改未保存，请修改标出的内容：', ...summary, ...Object.values(errors)],
          status: 400,
        });
      let changed: boolean;
      try {
        ({ changed } = await updateItem(ctx, requireStaff(request), {
          agencyId: id,
          itemId: serviceItemId,
          version,
          item,
        }));
      } catch (error) {
        const view = expected(error, ['input.invalid']);
        return itemPage(request, reply, id, {
          itemId: serviceItemId,
          values,
          errors: fieldsOf(error),
          summary: errorLines(view),
          status: view.status,
        });
      }
      return seeOther(reply, `${serviceItemHref(id, serviceItemId)}?done=${changed ? 'saved' : 'unchanged'}`);
    },
  );

  app.post(
    '/office/agencies/:id/services/items/:serviceItemId/withdrawal',
    { config: { access: editors }, schema: { params: ItemParams, body: FlagBody('withdrawn', '撤回') } },
    async (request, reply) => {
      const { id, serviceItemId } = request.params;
      await getItem(ctx, requireStaff(request), id, serviceItemId);
      const flag = (request.body as { withdrawn?: string }).withdrawn;
      if (flag !== '1' && flag !== '0')
        return itemPage(request, reply, id, {
          itemId: serviceItemId,
          summary: ['请使用页面上的“撤回”或“恢复”按钮'],
          status: 400,
        });
      try {
        await setItemWithdrawnState(ctx, requireStaff(request), {
          agencyId: id,
          itemId: serviceItemId,
          withdrawn: flag === '1',
        });
      } catch (error) {
        const view = expected(error, ['input.invalid']);
        return itemPage(request, reply, id, {
          itemId: serviceItemId,
          summary: errorLines(view),
          status: view.status,
        });
      }
      return seeOther(
        reply,
        `${serviceItemHref(id, serviceItemId)}?done=${flag === '1' ? 'withdrawn' : 'restored'}`,
      );
    },
  );

  app.get(
    '/office/agencies/:id/services/windows',
    { config: { access: readers }, schema: { params: AgencyParams, querystring: DoneQuery } },
    async (request, reply) => {
      const { agency, canEdit } = await agencyOf(request, request.params.id);
      const principal = requireStaff(request);
      const windows = await listWindows(ctx, principal, agency.id);
      const itemCounts = new Map<string, number>();
      for (const item of await listItems(ctx, principal, agency.id))
        if (item.withdrawnAt === null && item.windowId !== null)
          itemCounts.set(item.windowId, (itemCounts.get(item.windowId) ?? 0) + 1);
      return sendPage(
        reply,
        WindowsPage({
          chrome: await chrome(web, request, reply),
          agency,
          windows,
          itemCounts,
          canEdit,
          notice: notice(request.query.done),
        }),
      );
    },
  );

  async function windowPage(
    request: FastifyRequest,
    reply: FastifyReply,
    agencyId: string,
    options: {
      windowId?: string;
      values?: WindowFormValues;
      errors?: FieldErrors<WindowField>;
      summary?: string[];
      status?: number;
      notice?: string;
    } = {},
  ) {
    const { agency, canEdit } = await agencyOf(request, agencyId);
    const principal = requireStaff(request);
    const window =
      options.windowId === undefined
        ? undefined
        : await getWindow(ctx, principal, agency.id, options.windowId);
    const items = window
      ? (await listItems(ctx, principal, agency.id, { windowId: window.id })).filter(
          (i) => i.withdrawnAt === null,
        )
      : [];
    return sendPage(
      reply,
      WindowFormPage({
        chrome: await chrome(web, request, reply),
        agency,
        ...(window ? { window, items } : {}),
        values: options.values ?? (window ? valuesOfWindow(window) : windowFormValues({})),
        ...(options.errors ? { errors: options.errors } : {}),
        ...(options.summary ? { summary: options.summary } : {}),
        canEdit,
        ...(options.notice ? { notice: options.notice } : {}),
      }),
      options.status ?? 200,
    );
  }

  app.get(
    '/office/agencies/:id/services/windows/new',
    { config: { access: editors }, schema: { params: AgencyParams } },
    async (request, reply) => windowPage(request, reply, request.params.id),
  );

  app.post(
    '/office/agencies/:id/services/windows',
    { config: { access: editors }, schema: { params: AgencyParams, body: WindowBody } },
    async (request, reply) => {
      const agencyId = request.params.id;
      const values = windowFormValues(request.body);
      const { window, errors } = parseWindowForm(values);
      if (Object.keys(errors).length > 0)
        return windowPage(request, reply, agencyId, {
          values,
          errors,
          summary: ['窗口未添加，请修改标出的内容：', ...Object.values(errors)],
          status: 400,
        });
      let created: Awaited<ReturnType<typeof createWindow>>;
      try {
        created = await createWindow(ctx, requireStaff(request), { agencyId, window });
      } catch (error) {
        const view = expected(error, ['input.invalid']);
        return windowPage(request, reply, agencyId, {
          values,
          errors: fieldsOf(error),
          summary: errorLines(view),
          status: view.status,
        });
      }
      return seeOther(reply, `${windowHref(agencyId, created.id)}?done=windowCreated`);
    },
  );

  app.get(
    '/office/agencies/:id/services/windows/:windowId',
    { config: { access: readers }, schema: { params: WindowParams, querystring: DoneQuery } },
    async (request, reply) => {
      const n = notice(request.query.done);
      return windowPage(request, reply, request.params.id, {
        windowId: request.params.windowId,
        ...(n ? { notice: n } : {}),
      });
    },
  );

  app.post(
    '/office/agencies/:id/services/windows/:windowId',
    { config: { access: editors }, schema: { params: WindowParams, body: WindowBody } },
    async (request, reply) => {
      const { id, windowId } = request.params;
      await getWindow(ctx, requireStaff(request), id, windowId);
      const values = windowFormValues(request.body);
      const { window, errors } = parseWindowForm(values);
      if (Object.keys(errors).length > 0)
        return windowPage(request, reply, id, {
          windowId,
          values,
          errors,
          summary: ['修改未保存，请修改标出的内容：', ...Object.values(errors)],
          status: 400,
        });
      try {
        await updateWindow(ctx, requireStaff(request), { agencyId: id, windowId, window });
      } catch (error) {
        const view = expected(error, ['input.invalid']);
        return windowPage(request, reply, id, {
          windowId,
          values,
          errors: fieldsOf(error),
          summary: errorLines(view),
          status: view.status,
        });
      }
      return seeOther(reply, `${windowHref(id, windowId)}?done=windowSaved`);
    },
  );

  app.post(
    '/office/agencies/:id/services/windows/:windowId/closed',
    { config: { access: editors }, schema: { params: WindowParams, body: FlagBody('closed', '关闭') } },
    async (request, reply) => {
      const { id, windowId } = request.params;
      await getWindow(ctx, requireStaff(request), id, windowId);
      const flag = (request.body as { closed?: string }).closed;
      if (flag !== '1' && flag !== '0')
        return windowPage(request, reply, id, {
          windowId,
          summary: ['请使用页面上的“关闭”或“重新开放”按钮'],
          status: 400,
        });
      try {
        await setWindowClosed(ctx, requireStaff(request), { agencyId: id, windowId, closed: flag === '1' });
      } catch (error) {
        const view = expected(error, ['input.invalid']);
        return windowPage(request, reply, id, { windowId, summary: errorLines(view), status: view.status });
      }
      return seeOther(reply, `${windowHref(id, windowId)}?done=${flag === '1' ? 'closed' : 'reopened'}`);
    },
  );

  const uploadLimit = uploadLimitLabel(MAX_IMPORT_BYTES);

  async function importPage(
    request: FastifyRequest,
    reply: FastifyReply,
    agencyId: string,
    options: { report?: ServiceImportReport; errors?: string[]; status?: number; notice?: string } = {},
  ) {
    const { agency } = await agencyOf(request, agencyId);
    return sendPage(
      reply,
      ServiceImportPage({ chrome: await chrome(web, request, reply), agency, uploadLimit, ...options }),
      options.status ?? 200,
    );
  }

  app.get(
    '/office/agencies/:id/services/import',
    { config: { access: editors }, schema: { params: AgencyParams, querystring: DoneQuery } },
    async (request, reply) => {
      const n = notice(request.query.done);
      return importPage(request, reply, request.params.id, n ? { notice: n } : {});
    },
  );

  app.get(
    '/office/agencies/:id/services/template.xlsx',
    { config: { access: editors }, schema: { params: AgencyParams } },
    async (_request, reply) =>
      reply
        .header('content-type', XLSX)
        .header('content-disposition', attachment('政务服务事项导入模板.xlsx'))
        .header('cache-control', 'no-store')
        .send(Buffer.from(await buildServiceItemTemplate())),
  );

  app.get(
    '/office/agencies/:id/services/export.xlsx',
    { config: { access: readers }, schema: { params: AgencyParams } },
    async (request, reply) => {
      const { agency } = await agencyOf(request, request.params.id);
      const bytes = await exportCatalogue(ctx, requireStaff(request), agency.id);
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', attachment(`${agency.name}政务服务事项目录.xlsx`))
        .header('cache-control', 'no-store')
        .send(Buffer.from(bytes));
    },
  );

  /** The file checked as it would be imported now: the problems, the valid rows and the report. */
  async function checkedFile(request: FastifyRequest, agencyId: string, bytes: Uint8Array) {
    const parsed = await readUploadedServiceItems(bytes);
    if (parsed.fileProblem !== null) throw invalid(parsed.fileProblem);
    const checked = await checkServiceImport(ctx, requireStaff(request), agencyId, parsed);
    const problems = [...checked.windows, ...checked.rows].flatMap((r) => r.problems);
    const valid = { windows: importableWindows(checked), items: importableItems(checked) };
    const report: ServiceImportReport = {
      problems,
      total: checked.rows.length,
      totalWindows: checked.windows.length,
      outcomes: checked.outcomes,
      windowOutcomes: checked.windowOutcomes,
      file: carryFile(bytes),
    };
    return { problems, valid, report };
  }

  async function imported(
    request: FastifyRequest,
    reply: FastifyReply,
    agencyId: string,
    valid: ImportInput,
  ) {
    const result = await importServiceItems(ctx, requireStaff(request), { agencyId, ...valid });
    const changed = result.created + result.changed + result.windows.created + result.windows.changed;
    return seeOther(
      reply,
      `${servicesHref(agencyId)}?done=${changed === 0 ? 'importUnchanged' : 'imported'}`,
    );
  }

  app.post(
    '/office/agencies/:id/services/import',
    { config: { access: editors }, schema: { params: AgencyParams } },
    async (request, reply) => {
      const agencyId = request.params.id;
      let report: ServiceImportReport;
      try {
        const checked = await checkedFile(request, agencyId, await uploadedXlsx(request, MAX_IMPORT_BYTES));
        if (checked.problems.length === 0) return await imported(request, reply, agencyId, checked.valid);
        report = checked.report;
      } catch (error) {
        const view = expected(error, ['input.invalid', 'input.unreadable', 'input.too_large']);
        return importPage(request, reply, agencyId, { errors: errorLines(view), status: view.status });
      }
      return importPage(request, reply, agencyId, { report, status: 422 });
    },
  );

  // The clerk accepts the valid rows: the file is checked again, and imported only if the valid rows
  // are still as many as the clerk was shown (a window closed meanwhile shows the report again).
  app.post(
    '/office/agencies/:id/services/import/accept',
    { config: { access: editors }, schema: { params: AgencyParams, body: AcceptFileBody } },
    async (request, reply) => {
      const agencyId = request.params.id;
      try {
        const checked = await checkedFile(request, agencyId, carriedFile(request.body.file));
        const count = checked.valid.windows.length + checked.valid.items.length;
        if (count > 0 && String(count) === request.body.count)
          return await imported(request, reply, agencyId, checked.valid);
        return importPage(request, reply, agencyId, {
          report: checked.report,
          errors: ['检查之后目录已有变化，下面是按现在的目录重新检查的结果，请再次确认。'],
          status: 409,
        });
      } catch (error) {
        const view = expected(error, ['input.invalid', 'input.unreadable']);
        return importPage(request, reply, agencyId, { errors: errorLines(view), status: view.status });
      }
    },
  );
}
