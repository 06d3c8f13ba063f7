// The back office of 主动公开:
//   GET  /office/agencies/:id/items                              the agency's items (status, category, year, late)
//   GET  /office/agencies/:id/items/new                          draft form (editor)
//   POST /office/agencies/:id/items                              create the draft, multipart with ?_csrf= (editor)
//   POST /office/agencies/:id/items/channels                     register a publication elsewhere (editor)
//   GET  /office/agencies/:id/items/channels[?year=YYYY]         the year's registrations elsewhere
//   POST /office/agencies/:id/items/channels/remove              remove one (publicationId; editor)
//   GET  /office/agencies/:id/items/:itemId                      the item and the forms its state allows
//   GET  …/:itemId/edit, POST …/:itemId/edit                     edit the draft, multipart (editor)
//   POST …/:itemId/redact                                        mask personal numbers (editor; reviewer in review)
//   POST …/:itemId/submit                                        to 保密审查 (editor)
//   GET  …/:itemId/review, POST …/:itemId/review                 the checklist, signed (reviewer)
//   POST …/:itemId/return                                        back to the drafter (reviewer, approver)
//   POST …/:itemId/approve, …/publish, …/withdraw                负责人 (approver)
//   POST …/:itemId/revise                                        a new version of a published item (editor)
//   GET  …/:itemId/attachments/:attachmentId                     an attachment of any version
//   GET  /office/agencies/:id/catalogue, POST (same)             the 公开目录's categories (editor, admin)
// Every step form carries the item's event count when it was shown: a form shown before another
// step was recorded is refused (not applied twice). An item that is not of the agency in the path
// answers 404 exactly like a missing one.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { loadAgencyTree, type Principal, type Role, visibleAgencyIds } from '../../agencies/index.ts';
import {
  type AttachmentInput,
  approve,
  CATALOGUE_EDITOR_ROLES,
  channelCounts,
  createDraft,
  getItem,
  getItemAttachment,
  ITEM_READER_ROLES,
  listCatalogue,
  listExternalPublications,
  listItems,
  publish,
  redactItem,
  registerExternalPublication,
  removeExternalPublication,
  returnItem,
  reviseItem,
  type StaffItemView,
  saveCategory,
  signReview,
  submitForReview,
  updateDraft,
  withdraw,
} from '../../disclosures/index.ts';
import { shanghaiDate } from '../../kernel/civil-date.ts';
import { DomainError, type ErrorCode, isDomainError } from '../../kernel/errors.ts';
import { requireStaff } from '../access.ts';
import type { App, Web } from '../context.ts';
import { seeOther, sendPage } from '../render.ts';
import type { FailedForm } from './application-fields.tsx';
import type { FormFields } from './application-forms.ts';
import { attachment } from './application-routes.ts';
import { chrome, errorLines, expected } from './chrome.ts';
import {
  ATTACHMENT_FIELD,
  availableItemForms,
  DRAFT_FIELDS,
  type ItemForm,
  MAX_FIELD,
  parseCategoryForm,
  parseChannelForm,
  parseContentForm,
  parseDraftEditForm,
  parseListQuery,
  parsePublishForm,
  parseReasonForm,
  parseReviewForm,
  parseStepForm,
} from './item-forms.ts';
import {
  type Agency,
  CatalogueEditorPage,
  catalogueHref,
  channelListHref,
  DraftFormPage,
  ExternalPublicationsPage,
  formLabel,
  ItemListPage,
  ItemPage,
  itemHref,
  itemsHref,
  ReviewPage,
} from './item-pages.tsx';

const Id = (title: string) => Type.String({ minLength: 1, maxLength: 100, title });
const AgencyParams = Type.Object({ id: Id('机构编号') });
const ItemParams = Type.Object({ id: Id('机构编号'), itemId: Id('信息编号') });
const AttachmentParams = Type.Object({
  id: Id('机构编号'),
  itemId: Id('信息编号'),
  attachmentId: Id('附件编号'),
});
const Q = (maxLength: number, title: string) => Type.Optional(Type.String({ maxLength, title }));
const ListQuery = Type.Object({
  status: Q(20, '状态'),
  category: Q(40, '栏目'),
  year: Q(10, '年份'),
  late: Q(5, '超期'),
  page: Q(10, '页码'),
  done: Q(40, '结果'),
});
const DoneQuery = Type.Object({ done: Q(40, '结果') });
const ChannelListQuery = Type.Object({ year: Q(10, '年份'), done: Q(40, '结果') });

const READERS: readonly Role[] = ITEM_READER_ROLES;
const EDITORS: readonly Role[] = ['editor'];
const REVIEWERS: readonly Role[] = ['reviewer'];
const APPROVERS: readonly Role[] = ['approver'];
const PAGE_SIZE = 50;

const notFound = () => new DomainError('access.not_found', 'item not of this agency');

const NOTICES: Readonly<Record<string, string>> = {
  created: '草稿已保存。',
  edited: '修改已保存。',
  redacted: '个人信息已去除（以部分隐去的形式显示）。',
  submitted: '已提交保密审查。',
  reviewed: '保密审查意见已签署，待负责人审批。',
  returned: '已退回撰稿人修改。',
  approved: '已审批同意，可以发布。',
  published: '已发布，公开网站上已可看到。',
  scheduled: '已设定定时发布，到时自动在公开网站上显示。',
  withdrawn: '已撤回，公开网站和搜索中已不再显示。',
  revised: '已建立新版本（草稿）；当前发布的版本在新版本发布前继续公开。',
  channel: '发布记录已登记。',
  'channel-removed': '发布登记已删除，发布渠道统计已相应减少。',
  category: '栏目已保存。',
};

/**
 * The Chinese sentences of an expected error: the domain's own (Chinese) message, or the edge's
 * sentence for the code.
 */
function refusal(error: unknown, codes: readonly ErrorCode[]): { status: number; messages: string[] } {
  const view = expected(error, codes);
  if (
    isDomainError(error) &&
    typeof error.details.userMessage !== 'string' &&
    /[\u4e00-\u9fff]/.test(error.message)
  )
    return { status: view.status, messages: [error.message, ...(view.problems ?? [])] };
  return { status: view.status, messages: errorLines(view) };
}

const STEP_ERRORS: readonly ErrorCode[] = [
  'input.invalid',
  'conflict.state',
  'conflict.exists',
  'access.separation_of_duties',
];

type ItemRequest = FastifyRequest & { params: { id: string; itemId: string } };

export function registerItemRoutes(app: App, web: Web): void {
  const { ctx } = web;
  const db = web.database.db;

  async function agencyOf(id: string): Promise<Agency> {
    const node = (await loadAgencyTree(db)).nodes.get(id);
    if (!node) throw notFound();
    return { id: node.id, name: node.name };
  }

  /** The item of the path, when it is the path agency's and the user may read it. */
  async function itemOf(
    principal: Principal,
    params: { id: string; itemId: string },
  ): Promise<StaffItemView> {
    let item: StaffItemView;
    try {
      item = await getItem(ctx, principal, params.itemId);
    } catch (error) {
      if (isDomainError(error) && (error.code === 'access.not_found' || error.code === 'access.forbidden'))
        throw notFound();
      throw error;
    }
    if (item.agencyId !== params.id) throw notFound();
    return item;
  }

  async function holds(principal: Principal, agencyId: string, roles: readonly Role[]): Promise<boolean> {
    return (await visibleAgencyIds(ctx, principal, roles)).has(agencyId);
  }

  function today(): string {
    return shanghaiDate(ctx.now());
  }

  // ---- the list ------------------------------------------------------------------------------

  async function listPage(
    request: FastifyRequest & { params: { id: string } },
    reply: FastifyReply,
    query: { status?: string; category?: string; year?: string; late?: string; page?: string; done?: string },
    extra: { failed?: FailedForm; status?: number } = {},
  ) {
    const principal = requireStaff(request);
    const agency = await agencyOf(request.params.id);
    const filters = parseListQuery(query);
    const page = /^\d{1,5}$/.test(query.page ?? '') ? Math.max(1, Number(query.page)) : 1;
    const list = await listItems(ctx, principal, {
      agencyId: agency.id,
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.categoryCode ? { categoryCode: filters.categoryCode } : {}),
      ...(filters.year !== null ? { year: filters.year } : {}),
      ...(filters.late ? { late: true } : {}),
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    const countsYear = filters.year ?? Number(today().slice(0, 4));
    return sendPage(
      reply,
      ItemListPage({
        chrome: await chrome(web, request, reply),
        agency,
        filters,
        categories: await listCatalogue(db, agency.id),
        total: list.total,
        page,
        pageSize: PAGE_SIZE,
        items: list.items,
        countsYear,
        counts: await channelCounts(db, agency.id, countsYear, ctx.now()),
        canEdit: await holds(principal, agency.id, EDITORS),
        canEditCatalogue: await holds(principal, agency.id, CATALOGUE_EDITOR_ROLES),
        today: today(),
        ...(query.done && NOTICES[query.done] ? { notice: NOTICES[query.done] } : {}),
        ...(extra.failed ? { failed: extra.failed } : {}),
      }),
      extra.status ?? 200,
    );
  }

  app.get(
    '/office/agencies/:id/items',
    {
      config: { access: { agencyParam: 'id', roles: READERS } },
      schema: { params: AgencyParams, querystring: ListQuery },
    },
    async (request, reply) => listPage(request, reply, request.query),
  );

  // ---- the draft form ------------------------------------------------------------------------

  /** The draft form's fields and files, from a multipart upload or a plain form. */
  async function readDraftForm(
    request: FastifyRequest,
  ): Promise<{ fields: FormFields; files: AttachmentInput[] }> {
    const fields: Record<string, string | string[]> = {};
    const wanted = new Set(DRAFT_FIELDS);
    const add = (name: string, value: string) => {
      const previous = fields[name];
      if (previous === undefined) fields[name] = value;
      else if (Array.isArray(previous)) previous.push(value);
      else fields[name] = [previous, value];
    };
    const files: AttachmentInput[] = [];
    if (!request.isMultipart()) {
      const body = (request.body ?? {}) as Record<string, unknown>;
      for (const name of wanted) {
        const value = body[name];
        if (typeof value === 'string') add(name, value);
        else if (Array.isArray(value)) for (const v of value) if (typeof v === 'string') add(name, v);
      }
      return { fields, files };
    }
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          const content = await part.toBuffer();
          if (part.fieldname !== ATTACHMENT_FIELD) continue;
          if (part.filename === '' && content.byteLength === 0) continue;
          files.push({ filename: part.filename, content: new Uint8Array(content) });
        } else if (wanted.has(part.fieldname) && typeof part.value === 'string') {
          if (part.value.length > MAX_FIELD)
            throw new DomainError('input.invalid', 'field too long', {
              userMessage: '提交的内容过长，请检查后重新提交。',
            });
          add(part.fieldname, part.value);
        }
      }
    } catch (error) {
      // The plugin's own errors (too large, too many files) have their answers; a body the parser
      // cannot read (cut short, a broken boundary) is the client's, not a 500.
      const code = (error as { code?: unknown } | null)?.code;
      if (isDomainError(error) || (typeof code === 'string' && code.startsWith('FST_'))) throw error;
      throw new DomainError('input.unreadable', 'multipart body unreadable', {
        userMessage: '无法读取上传的内容（可能传输中断），请重新提交。',
      });
    }
    return { fields, files };
  }

  async function draftPage(
    request: FastifyRequest & { params: { id: string } },
    reply: FastifyReply,
    extra: { item?: StaffItemView; values?: FormFields; errors?: string[]; status?: number } = {},
  ) {
    const agency = await agencyOf(request.params.id);
    return sendPage(
      reply,
      DraftFormPage({
        chrome: await chrome(web, request, reply),
        agency,
        categories: await listCatalogue(db, agency.id),
        today: today(),
        ...(extra.item ? { item: extra.item } : {}),
        ...(extra.values ? { values: extra.values } : {}),
        ...(extra.errors ? { errors: extra.errors } : {}),
      }),
      extra.status ?? 200,
    );
  }

  app.get(
    '/office/agencies/:id/items/new',
    { config: { access: { agencyParam: 'id', roles: EDITORS } }, schema: { params: AgencyParams } },
    async (request, reply) => draftPage(request, reply),
  );

  app.post(
    '/office/agencies/:id/items',
    { config: { access: { agencyParam: 'id', roles: EDITORS } }, schema: { params: AgencyParams } },
    async (request, reply) => {
      const principal = requireStaff(request);
      const agency = await agencyOf(request.params.id);
      const { fields, files } = await readDraftForm(request);
      const parsed = parseContentForm(fields);
      if (parsed.problems.length > 0)
        return draftPage(request, reply, {
          values: fields,
          errors: ['草稿未保存：', ...parsed.problems],
          status: 400,
        });
      let itemId: string;
      try {
        ({ itemId } = await createDraft(ctx, principal, {
          agencyId: agency.id,
          content: parsed.value,
          attachments: files,
        }));
      } catch (error) {
        const { status, messages } = refusal(error, ['input.invalid', 'access.not_found']);
        return draftPage(request, reply, { values: fields, errors: ['草稿未保存：', ...messages], status });
      }
      return seeOther(reply, `${itemHref(agency.id, itemId)}?done=created`);
    },
  );

  app.get(
    '/office/agencies/:id/items/:itemId/edit',
    { config: { access: { agencyParam: 'id', roles: EDITORS } }, schema: { params: ItemParams } },
    async (request, reply) => {
      const item = await itemOf(requireStaff(request), request.params);
      // Only a draft is edited; anything else is shown with the forms its state allows.
      if (item.status !== 'draft') return seeOther(reply, itemHref(item.agencyId, item.id));
      return draftPage(request, reply, { item });
    },
  );

  app.post(
    '/office/agencies/:id/items/:itemId/edit',
    { config: { access: { agencyParam: 'id', roles: EDITORS } }, schema: { params: ItemParams } },
    async (request, reply) => {
      const principal = requireStaff(request);
      const item = await itemOf(principal, request.params);
      const { fields, files } = await readDraftForm(request);
      const parsed = parseDraftEditForm(fields);
      if (parsed.value === null)
        return draftPage(request, reply, {
          item,
          values: fields,
          errors: ['修改未保存：', ...parsed.problems],
          status: 400,
        });
      try {
        await updateDraft(ctx, principal, item.id, {
          content: parsed.value.content,
          addAttachments: files,
          removeAttachmentIds: parsed.value.removeAttachmentIds,
          expectedEventCount: parsed.value.expectedEventCount,
        });
      } catch (error) {
        const { status, messages } = refusal(error, ['input.invalid', 'conflict.state']);
        return draftPage(request, reply, {
          item: await itemOf(principal, request.params),
          values: fields,
          errors: ['修改未保存：', ...messages],
          status,
        });
      }
      return seeOther(reply, `${itemHref(item.agencyId, item.id)}?done=edited`);
    },
  );

  // ---- one item ------------------------------------------------------------------------------

  async function itemPage(
    request: ItemRequest,
    reply: FastifyReply,
    extra: { notice?: string; failed?: FailedForm; status?: number; item?: StaffItemView } = {},
  ) {
    const principal = requireStaff(request);
    const item = extra.item ?? (await itemOf(principal, request.params));
    const roles = {
      editor: await holds(principal, item.agencyId, EDITORS),
      reviewer: await holds(principal, item.agencyId, REVIEWERS),
      approver: await holds(principal, item.agencyId, APPROVERS),
    };
    return sendPage(
      reply,
      ItemPage({
        chrome: await chrome(web, request, reply),
        agency: await agencyOf(item.agencyId),
        item,
        forms: availableItemForms(item.status, item.findings.length, roles),
        today: today(),
        ...(extra.notice ? { notice: extra.notice } : {}),
        ...(extra.failed ? { failed: extra.failed } : {}),
      }),
      extra.status ?? 200,
    );
  }

  app.get(
    '/office/agencies/:id/items/:itemId',
    {
      config: { access: { agencyParam: 'id', roles: READERS } },
      schema: { params: ItemParams, querystring: DoneQuery },
    },
    async (request, reply) => {
      const done = request.query.done;
      return itemPage(request, reply, done && NOTICES[done] ? { notice: NOTICES[done] } : {});
    },
  );

  /**
   * A step form of the item page: read, then run, then back to the item (303) with a notice; a
   * form that fails comes back on the page with what was typed and the reasons.
   */
  function step<T>(
    form: ItemForm,
    roles: readonly Role[],
    parse: (fields: FormFields) => { value: T | null; problems: string[] },
    run: (principal: Principal, item: StaffItemView, value: T) => Promise<string>,
  ) {
    app.post(
      `/office/agencies/:id/items/:itemId/${form}`,
      { config: { access: { agencyParam: 'id', roles } }, schema: { params: ItemParams } },
      async (request, reply) => {
        const principal = requireStaff(request);
        const item = await itemOf(principal, request.params);
        const fields = (request.body ?? {}) as FormFields;
        const fromReview = fields.from === 'review' && item.status === 'in_review';
        const failed = (messages: string[], status: number) => {
          if (fromReview && (form === 'redact' || form === 'return'))
            return reviewPage(request, reply, {
              item,
              errors: [`“${formLabel(form)}”未能完成：`, ...messages],
              status,
            });
          return itemPage(request, reply, {
            item,
            failed: { form: `form-${form}`, label: formLabel(form), values: fields, messages },
            status,
          });
        };
        const parsed = parse(fields);
        if (parsed.value === null) return failed(parsed.problems, 400);
        let done: string;
        try {
          done = await run(principal, item, parsed.value);
        } catch (error) {
          const { status, messages } = refusal(error, STEP_ERRORS);
          // The page shows the item as it is now (the refusal may be a stale form).
          const fresh = await itemOf(principal, request.params);
          if (fromReview && fresh.status === 'in_review' && (form === 'redact' || form === 'return'))
            return reviewPage(request, reply, {
              item: fresh,
              errors: [`“${formLabel(form)}”未能完成：`, ...messages],
              status,
            });
          return itemPage(request, reply, {
            item: fresh,
            failed: { form: `form-${form}`, label: formLabel(form), values: fields, messages },
            status,
          });
        }
        if (done === 'redacted' && fromReview)
          return seeOther(reply, `${itemHref(item.agencyId, item.id)}/review?done=redacted`);
        return seeOther(reply, `${itemHref(item.agencyId, item.id)}?done=${done}`);
      },
    );
  }

  step('redact', [...EDITORS, ...REVIEWERS], parseStepForm, async (principal, item, value) => {
    await redactItem(ctx, principal, item.id, value);
    return 'redacted';
  });
  step('submit', EDITORS, parseStepForm, async (principal, item, value) => {
    await submitForReview(ctx, principal, item.id, value);
    return 'submitted';
  });
  step(
    'return',
    [...REVIEWERS, ...APPROVERS],
    (fields) => parseReasonForm(fields, '退回理由'),
    async (principal, item, value) => {
      await returnItem(ctx, principal, item.id, value);
      return 'returned';
    },
  );
  step('approve', APPROVERS, parseStepForm, async (principal, item, value) => {
    await approve(ctx, principal, item.id, value);
    return 'approved';
  });
  step('publish', APPROVERS, parsePublishForm, async (principal, item, value) => {
    const result = await publish(ctx, principal, item.id, value);
    return result.scheduled ? 'scheduled' : 'published';
  });
  step(
    'withdraw',
    APPROVERS,
    (fields) => parseReasonForm(fields, '撤回理由'),
    async (principal, item, value) => {
      await withdraw(ctx, principal, item.id, value);
      return 'withdrawn';
    },
  );
  step('revise', EDITORS, parseStepForm, async (principal, item, value) => {
    await reviseItem(ctx, principal, item.id, value);
    return 'revised';
  });

  // ---- 保密审查 ------------------------------------------------------------------------------

  async function reviewPage(
    request: ItemRequest,
    reply: FastifyReply,
    extra: {
      item?: StaffItemView;
      values?: FormFields;
      errors?: string[];
      notice?: string;
      status?: number;
    } = {},
  ) {
    const item = extra.item ?? (await itemOf(requireStaff(request), request.params));
    return sendPage(
      reply,
      ReviewPage({
        ...(extra.notice ? { notice: extra.notice } : {}),
        chrome: await chrome(web, request, reply),
        agency: await agencyOf(item.agencyId),
        item,
        ...(extra.values ? { values: extra.values } : {}),
        ...(extra.errors ? { errors: extra.errors } : {}),
      }),
      extra.status ?? 200,
    );
  }

  app.get(
    '/office/agencies/:id/items/:itemId/review',
    {
      config: { access: { agencyParam: 'id', roles: REVIEWERS } },
      schema: { params: ItemParams, querystring: DoneQuery },
    },
    async (request, reply) => {
      const done = request.query.done;
      return reviewPage(request, reply, done && NOTICES[done] ? { notice: NOTICES[done] } : {});
    },
  );

  app.post(
    '/office/agencies/:id/items/:itemId/review',
    { config: { access: { agencyParam: 'id', roles: REVIEWERS } }, schema: { params: ItemParams } },
    async (request, reply) => {
      const principal = requireStaff(request);
      const item = await itemOf(principal, request.params);
      const fields = (request.body ?? {}) as FormFields;
      const parsed = parseReviewForm(fields);
      if (parsed.value === null)
        return reviewPage(request, reply, {
          item,
          values: fields,
          errors: ['保密审查意见未签署：', ...parsed.problems],
          status: 400,
        });
      try {
        await signReview(ctx, principal, item.id, parsed.value);
      } catch (error) {
        const { status, messages } = refusal(error, STEP_ERRORS);
        return reviewPage(request, reply, {
          item: await itemOf(principal, request.params),
          values: fields,
          errors: messages,
          status,
        });
      }
      return seeOther(reply, `${itemHref(item.agencyId, item.id)}?done=reviewed`);
    },
  );

  // ---- attachments, channels -----------------------------------------------------------------

  app.get(
    '/office/agencies/:id/items/:itemId/attachments/:attachmentId',
    { config: { access: { agencyParam: 'id', roles: READERS } }, schema: { params: AttachmentParams } },
    async (request, reply) => {
      const principal = requireStaff(request);
      const item = await itemOf(principal, request.params);
      let file: Awaited<ReturnType<typeof getItemAttachment>>;
      try {
        file = await getItemAttachment(ctx, principal, {
          itemId: item.id,
          attachmentId: request.params.attachmentId,
        });
      } catch (error) {
        if (isDomainError(error) && error.code === 'access.not_found') throw notFound();
        throw error;
      }
      return reply
        .header('content-type', file.mediaType)
        .header('content-disposition', attachment(file.filename))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .send(Buffer.from(file.content));
    },
  );

  app.post(
    '/office/agencies/:id/items/channels',
    { config: { access: { agencyParam: 'id', roles: EDITORS } }, schema: { params: AgencyParams } },
    async (request, reply) => {
      const principal = requireStaff(request);
      const agency = await agencyOf(request.params.id);
      const fields = (request.body ?? {}) as FormFields;
      const parsed = parseChannelForm(fields);
      const failed = (messages: string[]): FailedForm => ({
        form: 'channel',
        label: '登记其他渠道的发布',
        values: fields,
        messages,
      });
      if (parsed.value === null)
        return listPage(request, reply, {}, { failed: failed(parsed.problems), status: 400 });
      try {
        await registerExternalPublication(ctx, principal, { agencyId: agency.id, ...parsed.value });
      } catch (error) {
        const { status, messages } = refusal(error, ['input.invalid', 'conflict.exists']);
        return listPage(request, reply, {}, { failed: failed(messages), status });
      }
      const year = parsed.value.publishedOn.slice(0, 4);
      return seeOther(reply, `${itemsHref(agency.id)}?year=${encodeURIComponent(year)}&done=channel`);
    },
  );

  /** The year of the registrations page: YYYY from 2000 to next year, else a Chinese 400. */
  function channelYear(raw: string | undefined): number {
    const thisYear = Number(today().slice(0, 4));
    if (raw === undefined || raw === '') return thisYear;
    const year = /^\d{4}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(year >= 2000 && year <= thisYear + 1))
      throw new DomainError('input.invalid', 'bad year', {
        userMessage: `年份无效：请选择2000年至${thisYear + 1}年之间的年份。`,
      });
    return year;
  }

  app.get(
    '/office/agencies/:id/items/channels',
    {
      config: { access: { agencyParam: 'id', roles: READERS } },
      schema: { params: AgencyParams, querystring: ChannelListQuery },
    },
    async (request, reply) => {
      const principal = requireStaff(request);
      const agency = await agencyOf(request.params.id);
      const year = channelYear(request.query.year);
      const { publications, more } = await listExternalPublications(db, agency.id, year);
      const done = request.query.done;
      return sendPage(
        reply,
        ExternalPublicationsPage({
          chrome: await chrome(web, request, reply),
          agency,
          year,
          today: today(),
          publications,
          more,
          counts: await channelCounts(db, agency.id, year, ctx.now()),
          canEdit: await holds(principal, agency.id, EDITORS),
          ...(done && NOTICES[done] ? { notice: NOTICES[done] } : {}),
        }),
      );
    },
  );

  app.post(
    '/office/agencies/:id/items/channels/remove',
    { config: { access: { agencyParam: 'id', roles: EDITORS } }, schema: { params: AgencyParams } },
    async (request, reply) => {
      const principal = requireStaff(request);
      const agency = await agencyOf(request.params.id);
      const raw = ((request.body ?? {}) as Record<string, unknown>).publicationId;
      const publicationId = typeof raw === 'string' ? raw.trim() : '';
      if (!/^[0-9A-Za-z-]{1,100}$/.test(publicationId))
        throw new DomainError('input.invalid', 'no publication chosen', {
          userMessage: '请从发布登记列表中选择要删除的记录。',
        });
      const removed = await removeExternalPublication(ctx, principal, { agencyId: agency.id, publicationId });
      const year = Number(removed.publishedOn.slice(0, 4));
      return seeOther(reply, `${channelListHref(agency.id, year)}&done=channel-removed`);
    },
  );

  // ---- the catalogue -------------------------------------------------------------------------

  async function cataloguePage(
    request: FastifyRequest & { params: { id: string } },
    reply: FastifyReply,
    extra: { notice?: string; failed?: FailedForm; status?: number } = {},
  ) {
    const agency = await agencyOf(request.params.id);
    return sendPage(
      reply,
      CatalogueEditorPage({
        chrome: await chrome(web, request, reply),
        agency,
        categories: await listCatalogue(db, agency.id),
        ...(extra.notice ? { notice: extra.notice } : {}),
        ...(extra.failed ? { failed: extra.failed } : {}),
      }),
      extra.status ?? 200,
    );
  }

  app.get(
    '/office/agencies/:id/catalogue',
    {
      config: { access: { agencyParam: 'id', roles: CATALOGUE_EDITOR_ROLES } },
      schema: { params: AgencyParams, querystring: DoneQuery },
    },
    async (request, reply) => {
      const done = request.query.done;
      return cataloguePage(request, reply, done && NOTICES[done] ? { notice: NOTICES[done] } : {});
    },
  );

  app.post(
    '/office/agencies/:id/catalogue',
    {
      config: { access: { agencyParam: 'id', roles: CATALOGUE_EDITOR_ROLES } },
      schema: { params: AgencyParams },
    },
    async (request, reply) => {
      const principal = requireStaff(request);
      const agency = await agencyOf(request.params.id);
      const fields = (request.body ?? {}) as FormFields;
      const parsed = parseCategoryForm(fields);
      const code =
        typeof fields.code === 'string' && /^[0-9A-Za-z]{1,20}$/.test(fields.code) ? fields.code : null;
      const failed = (messages: string[]): FailedForm => ({
        form: code ? `category-${code}` : 'category-new',
        label: code ? '修改栏目' : '增加栏目',
        values: fields,
        messages,
      });
      if (parsed.value === null)
        return cataloguePage(request, reply, { failed: failed(parsed.problems), status: 400 });
      try {
        await saveCategory(ctx, principal, { agencyId: agency.id, ...parsed.value });
      } catch (error) {
        const { status, messages } = refusal(error, ['input.invalid', 'conflict.exists', 'access.not_found']);
        return cataloguePage(request, reply, { failed: failed(messages), status });
      }
      return seeOther(reply, `${catalogueHref(agency.id)}?done=category`);
    },
  );
}
