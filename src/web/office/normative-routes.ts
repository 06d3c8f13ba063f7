// The back office of the register of 规章 and 行政规范性文件 and of the yearly figures (table 二):
//   GET  /office/agencies/:id/normative                        the register (?kind=&status=&year=)
//   GET  /office/agencies/:id/normative/new                    form of a new document (editor)
//   POST /office/agencies/:id/normative                        register it (editor)
//   GET  /office/agencies/:id/normative/:documentId            the document and its forms
//   POST /office/agencies/:id/normative/:documentId            correct it (editor; stale revision → 400)
//   POST /office/agencies/:id/normative/:documentId/status     废止, 失效, 修改 or 有效 again (editor)
//   GET  /office/agencies/:id/normative/counts[?year=]         the year's figures
//   POST /office/agencies/:id/normative/counts                 save them (editor)
//   GET  /office/agencies/:id/normative/import                 template link and upload form (editor)
//   GET  /office/agencies/:id/normative/import/template.xlsx   the template (editor)
//   POST /office/agencies/:id/normative/import                 upload, multipart with ?_csrf= (editor)
//   POST /office/agencies/:id/normative/import/accept          import only the valid rows (editor)
//   GET  /office/agencies/:id/normative/table[?year=]          preview of table 二
// A document that is not of the agency in the path answers 404, exactly as a missing one.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { hasRole, loadAgencyTree } from '../../agencies/index.ts';
import { shanghaiDate } from '../../kernel/civil-date.ts';
import { DomainError } from '../../kernel/errors.ts';
import {
  buildTemplate,
  changeDocumentStatus,
  checkImport,
  createDocument,
  getDocument,
  getYearCounts,
  importNormative,
  isNormativeKind,
  isNormativeStatus,
  listDocuments,
  listYearCounts,
  NORMATIVE_EDITOR_ROLES,
  NORMATIVE_READER_ROLES,
  type NormativeStatus,
  parseYearCountsForm,
  readUploadedImportWorkbook,
  saveYearCounts,
  table2Of,
  updateDocument,
  validRows,
} from '../../normative/index.ts';
import { requireStaff } from '../access.ts';
import type { App, Web } from '../context.ts';
import { seeOther, sendPage } from '../render.ts';
import { attachment } from './application-routes.ts';
import { chrome, errorLines, expected } from './chrome.ts';
import {
  documentFormValues,
  parseDocumentForm,
  parseRevision,
  parseYear,
  valuesOfDocument,
} from './normative-forms.ts';
import {
  type AgencyRef,
  CountsPage,
  countsFormValues,
  DocumentFormPage,
  documentHref,
  ImportPage,
  type ImportReport,
  normativeHref,
  RegisterPage,
  Table2Page,
} from './normative-pages.tsx';
import { AcceptFileBody, carriedFile, carryFile, uploadedXlsx, uploadLimitLabel } from './xlsx-upload.ts';

const Id = (title: string) => Type.String({ minLength: 1, maxLength: 100, title });
const AgencyParams = Type.Object({ id: Id('机构编号') });
const DocumentParams = Type.Object({ id: Id('机构编号'), documentId: Id('文件编号') });
const S = (maxLength: number, title: string) => Type.Optional(Type.String({ maxLength, title }));
const ListQuery = Type.Object({
  kind: S(20, '类别'),
  status: S(20, '有效性'),
  year: S(10, '年度'),
  done: S(20, '结果'),
});
const YearQuery = Type.Object({ year: S(10, '年度'), done: S(20, '结果') });
const DoneQuery = Type.Object({ done: S(20, '结果') });
const DocumentBody = Type.Object({
  kind: S(20, '类别'),
  title: S(1000, '标题'),
  documentNumber: S(400, '文号'),
  issuedOn: S(40, '发布日期'),
  effectiveOn: S(40, '施行日期'),
  validUntil: S(40, '有效期至'),
  status: S(20, '有效性'),
  statusOn: S(40, '废止、失效或修改日期'),
  itemId: S(100, '关联的主动公开信息编号'),
  revision: S(20, '表单版本'),
});
const StatusBody = Type.Object({
  status: S(20, '有效性'),
  statusOn: S(40, '生效日期'),
  revision: S(20, '表单版本'),
});
const CountsBody = Type.Object({
  year: S(10, '年度'),
  licensing: S(40, '行政许可'),
  penalty: S(40, '行政处罚'),
  enforcement: S(40, '行政强制'),
  fees: S(40, '行政事业性收费'),
});

/** The import file's limit: a register of thousands of rows is far below it. */
const IMPORT_LIMIT_BYTES = 2 * 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const NOTICES: Readonly<Record<string, string>> = {
  created: '文件已登记。',
  saved: '修改已保存。',
  status: '有效性已保存。',
  counts: '数量已保存。',
  imported: '导入完成。',
};

const notice = (done: string | undefined) => (done === undefined ? undefined : NOTICES[done]);

function invalid(message: string): DomainError {
  return new DomainError('input.invalid', message, { userMessage: message });
}

export function registerNormativeRoutes(app: App, web: Web): void {
  const { ctx } = web;
  const db = web.database.db;
  const readers = { agencyParam: 'id', roles: NORMATIVE_READER_ROLES };
  const editors = { agencyParam: 'id', roles: NORMATIVE_EDITOR_ROLES };
  const today = () => shanghaiDate(ctx.now());
  const lastYear = () => Number(today().slice(0, 4)) - 1;

  async function agencyOf(
    request: FastifyRequest,
    id: string,
  ): Promise<{ agency: AgencyRef; canEdit: boolean }> {
    const tree = await loadAgencyTree(db);
    const node = tree.nodes.get(id);
    if (!node) throw new DomainError('access.not_found', 'no such agency');
    return {
      agency: { id: node.id, name: node.name },
      canEdit: NORMATIVE_EDITOR_ROLES.some((role) => hasRole(requireStaff(request), role, id, tree)),
    };
  }

  app.get(
    '/office/agencies/:id/normative',
    { config: { access: readers }, schema: { params: AgencyParams, querystring: ListQuery } },
    async (request, reply) => {
      const { agency, canEdit } = await agencyOf(request, request.params.id);
      const q = request.query;
      const filter = { kind: q.kind ?? '', status: q.status ?? '', year: q.year ?? '' };
      const year = parseYear(q.year);
      if (q.year && year === null) throw invalid('年度应为四位数字，如 2024。');
      const documents = await listDocuments(ctx, requireStaff(request), agency.id, {
        ...(isNormativeKind(q.kind) ? { kind: q.kind } : {}),
        ...(isNormativeStatus(q.status) ? { status: q.status } : {}),
        ...(year !== null ? { year } : {}),
      });
      return sendPage(
        reply,
        RegisterPage({
          chrome: await chrome(web, request, reply),
          agency,
          documents,
          filter,
          canEdit,
          today: today(),
          notice: notice(q.done),
        }),
      );
    },
  );

  async function formPage(
    request: FastifyRequest,
    reply: FastifyReply,
    agencyId: string,
    options: {
      documentId?: string;
      values?: ReturnType<typeof documentFormValues>;
      statusValues?: { status: string; statusOn: string };
      errors?: string[];
      status?: number;
      notice?: string;
    } = {},
  ) {
    const { agency, canEdit } = await agencyOf(request, agencyId);
    const document =
      options.documentId === undefined
        ? undefined
        : await getDocument(ctx, requireStaff(request), agency.id, options.documentId);
    const values =
      options.values ??
      (document ? valuesOfDocument(document) : documentFormValues({ kind: 'normative', status: 'valid' }));
    return sendPage(
      reply,
      DocumentFormPage({
        chrome: await chrome(web, request, reply),
        agency,
        ...(document ? { document } : {}),
        values,
        ...(options.statusValues ? { statusValues: options.statusValues } : {}),
        canEdit,
        today: today(),
        ...(options.errors ? { errors: options.errors } : {}),
        ...(options.notice ? { notice: options.notice } : {}),
      }),
      options.status ?? 200,
    );
  }

  app.get(
    '/office/agencies/:id/normative/new',
    { config: { access: editors }, schema: { params: AgencyParams } },
    async (request, reply) => formPage(request, reply, request.params.id),
  );

  app.post(
    '/office/agencies/:id/normative',
    { config: { access: editors }, schema: { params: AgencyParams, body: DocumentBody } },
    async (request, reply) => {
      const values = documentFormValues(request.body);
      const parsed = parseDocumentForm(values);
      if (parsed.problems.length > 0)
        return formPage(request, reply, request.params.id, {
          values,
          errors: ['文件未登记，请修改以下内容：', ...parsed.problems],
          status: 400,
        });
      let created: Awaited<ReturnType<typeof createDocument>>;
      try {
        created = await createDocument(ctx, requireStaff(request), {
          agencyId: request.params.id,
          document: parsed.document,
        });
      } catch (error) {
        const view = expected(error, ['input.invalid']);
        return formPage(request, reply, request.params.id, {
          values,
          errors: errorLines(view),
          status: view.status,
        });
      }
      return seeOther(reply, `${documentHref(request.params.id, created.id)}?done=created`);
    },
  );

  app.get(
    '/office/agencies/:id/normative/:documentId',
    { config: { access: readers }, schema: { params: DocumentParams, querystring: DoneQuery } },
    async (request, reply) =>
      formPage(request, reply, request.params.id, {
        documentId: request.params.documentId,
        ...(notice(request.query.done) ? { notice: notice(request.query.done)! } : {}),
      }),
  );

  app.post(
    '/office/agencies/:id/normative/:documentId',
    { config: { access: editors }, schema: { params: DocumentParams, body: DocumentBody } },
    async (request, reply) => {
      const { id, documentId } = request.params;
      // The document of the path first: another agency's answers 404 before the form is read.
      await getDocument(ctx, requireStaff(request), id, documentId);
      const values = documentFormValues(request.body);
      const parsed = parseDocumentForm(values);
      const revision = parseRevision(values.revision);
      if (revision === null) parsed.problems.push('表单已过期，请刷新页面后重新填写');
      if (parsed.problems.length > 0)
        return formPage(request, reply, id, {
          documentId,
          values,
          errors: ['修改未保存，请修改以下内容：', ...parsed.problems],
          status: 400,
        });
      try {
        await updateDocument(ctx, requireStaff(request), {
          agencyId: id,
          documentId,
          revision: revision!,
          document: parsed.document,
        });
      } catch (error) {
        const view = expected(error, ['input.invalid']);
        return formPage(request, reply, id, {
          documentId,
          values,
          errors: errorLines(view),
          status: view.status,
        });
      }
      return seeOther(reply, `${documentHref(id, documentId)}?done=saved`);
    },
  );

  app.post(
    '/office/agencies/:id/normative/:documentId/status',
    { config: { access: editors }, schema: { params: DocumentParams, body: StatusBody } },
    async (request, reply) => {
      const { id, documentId } = request.params;
      await getDocument(ctx, requireStaff(request), id, documentId);
      const statusValues = { status: request.body.status ?? '', statusOn: request.body.statusOn ?? '' };
      const revision = parseRevision(request.body.revision);
      const problems: string[] = [];
      if (!isNormativeStatus(statusValues.status)) problems.push('请选择有效性（有效、废止、失效或修改）');
      if (revision === null) problems.push('表单已过期，请刷新页面后重新填写');
      if (problems.length > 0)
        return formPage(request, reply, id, {
          documentId,
          statusValues,
          errors: ['有效性未保存：', ...problems],
          status: 400,
        });
      const status = statusValues.status as NormativeStatus;
      try {
        await changeDocumentStatus(ctx, requireStaff(request), {
          agencyId: id,
          documentId,
          revision: revision!,
          status,
          statusOn:
            status === 'valid' || statusValues.statusOn.trim() === '' ? null : statusValues.statusOn.trim(),
        });
      } catch (error) {
        const view = expected(error, ['input.invalid']);
        return formPage(request, reply, id, {
          documentId,
          statusValues,
          errors: errorLines(view),
          status: view.status,
        });
      }
      return seeOther(reply, `${documentHref(id, documentId)}?done=status`);
    },
  );

  async function countsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    agencyId: string,
    year: number,
    options: {
      values?: ReturnType<typeof countsFormValues>;
      errors?: string[];
      status?: number;
      notice?: string;
    } = {},
  ) {
    const { agency, canEdit } = await agencyOf(request, agencyId);
    const principal = requireStaff(request);
    const stored = await getYearCounts(ctx, principal, agency.id, year);
    return sendPage(
      reply,
      CountsPage({
        chrome: await chrome(web, request, reply),
        agency,
        year,
        values: options.values ?? countsFormValues(year, stored),
        entered: await listYearCounts(ctx, principal, agency.id),
        canEdit,
        ...(options.errors ? { errors: options.errors } : {}),
        ...(options.notice ? { notice: options.notice } : {}),
      }),
      options.status ?? 200,
    );
  }

  app.get(
    '/office/agencies/:id/normative/counts',
    { config: { access: readers }, schema: { params: AgencyParams, querystring: YearQuery } },
    async (request, reply) => {
      const year = request.query.year === undefined ? lastYear() : parseYear(request.query.year);
      if (year === null) throw invalid('年度应为四位数字，如 2024。');
      const n = notice(request.query.done);
      return countsPage(request, reply, request.params.id, year, n ? { notice: n } : {});
    },
  );

  app.post(
    '/office/agencies/:id/normative/counts',
    { config: { access: editors }, schema: { params: AgencyParams, body: CountsBody } },
    async (request, reply) => {
      const b = request.body;
      const values = {
        year: b.year ?? '',
        licensing: b.licensing ?? '',
        penalty: b.penalty ?? '',
        enforcement: b.enforcement ?? '',
        fees: b.fees ?? '',
      };
      const year = parseYear(values.year);
      const parsed = parseYearCountsForm(year ?? 0, values);
      if (year === null) parsed.problems.unshift('年度应为四位数字，如 2024');
      if (parsed.problems.length > 0)
        return countsPage(request, reply, request.params.id, year ?? lastYear(), {
          values,
          errors: ['数量未保存，请修改以下内容：', ...parsed.problems],
          status: 400,
        });
      try {
        await saveYearCounts(ctx, requireStaff(request), {
          agencyId: request.params.id,
          counts: parsed.value,
        });
      } catch (error) {
        const view = expected(error, ['input.invalid']);
        return countsPage(request, reply, request.params.id, year!, {
          values,
          errors: errorLines(view),
          status: view.status,
        });
      }
      return seeOther(reply, `${normativeHref(request.params.id)}/counts?year=${year}&done=counts`);
    },
  );

  async function importPage(
    request: FastifyRequest,
    reply: FastifyReply,
    agencyId: string,
    options: { report?: ImportReport; errors?: string[]; status?: number; notice?: string } = {},
  ) {
    const { agency } = await agencyOf(request, agencyId);
    return sendPage(
      reply,
      ImportPage({
        chrome: await chrome(web, request, reply),
        agency,
        uploadLimit: uploadLimitLabel(IMPORT_LIMIT_BYTES),
        ...options,
      }),
      options.status ?? 200,
    );
  }

  app.get(
    '/office/agencies/:id/normative/import',
    { config: { access: editors }, schema: { params: AgencyParams, querystring: DoneQuery } },
    async (request, reply) => {
      const n = notice(request.query.done);
      return importPage(request, reply, request.params.id, n ? { notice: n } : {});
    },
  );

  app.get(
    '/office/agencies/:id/normative/import/template.xlsx',
    { config: { access: editors }, schema: { params: AgencyParams } },
    async (_request, reply) =>
      reply
        .header('content-type', XLSX)
        .header('content-disposition', attachment('规章和行政规范性文件导入模板.xlsx'))
        .header('cache-control', 'no-store')
        .send(Buffer.from(await buildTemplate())),
  );

  /** The file checked as it would be imported now: the problems, the valid rows and the report. */
  async function checkedFile(request: FastifyRequest, agencyId: string, bytes: Uint8Array) {
    const checked = await checkImport(
      ctx,
      requireStaff(request),
      agencyId,
      await readUploadedImportWorkbook(bytes, today()),
    );
    const valid = validRows(checked);
    const problems = [...checked.documents, ...checked.counts].flatMap((r) => r.problems);
    const report: ImportReport = {
      problems,
      validDocuments: valid.documents.length,
      validCounts: valid.counts.length,
      totalDocuments: checked.documents.length,
      totalCounts: checked.counts.length,
      file: carryFile(bytes),
    };
    return { problems, valid, report };
  }

  app.post(
    '/office/agencies/:id/normative/import',
    { config: { access: editors }, schema: { params: AgencyParams } },
    async (request, reply) => {
      const agencyId = request.params.id;
      let report: ImportReport;
      try {
        const checked = await checkedFile(request, agencyId, await uploadedXlsx(request, IMPORT_LIMIT_BYTES));
        if (checked.problems.length === 0) {
          await importNormative(ctx, requireStaff(request), { agencyId, ...checked.valid });
          return seeOther(reply, `${normativeHref(agencyId)}?done=imported`);
        }
        report = checked.report;
      } catch (error) {
        const view = expected(error, ['input.invalid', 'input.unreadable', 'input.too_large']);
        return importPage(request, reply, agencyId, { errors: errorLines(view), status: view.status });
      }
      return importPage(request, reply, agencyId, { report, status: 422 });
    },
  );

  // The clerk accepts the valid rows: the file is checked again, and imported only if the valid rows
  // are still as many as the clerk was shown (a 文号 registered meanwhile shows the report again).
  app.post(
    '/office/agencies/:id/normative/import/accept',
    { config: { access: editors }, schema: { params: AgencyParams, body: AcceptFileBody } },
    async (request, reply) => {
      const agencyId = request.params.id;
      try {
        const checked = await checkedFile(request, agencyId, carriedFile(request.body.file));
        const count = checked.valid.documents.length + checked.valid.counts.length;
        if (count > 0 && String(count) === request.body.count) {
          await importNormative(ctx, requireStaff(request), { agencyId, ...checked.valid });
          return seeOther(reply, `${normativeHref(agencyId)}?done=imported`);
        }
        return importPage(request, reply, agencyId, {
          report: checked.report,
          errors: ['检查之后登记簿已有变化，下面是按现在的登记簿重新检查的结果，请再次确认。'],
          status: 409,
        });
      } catch (error) {
        const view = expected(error, ['input.invalid', 'input.unreadable']);
        return importPage(request, reply, agencyId, { errors: errorLines(view), status: view.status });
      }
    },
  );

  app.get(
    '/office/agencies/:id/normative/table',
    { config: { access: readers }, schema: { params: AgencyParams, querystring: YearQuery } },
    async (request, reply) => {
      const year = request.query.year === undefined ? lastYear() : parseYear(request.query.year);
      if (year === null) throw invalid('年度应为四位数字，如 2024。');
      const tree = await loadAgencyTree(db);
      const { agency } = await agencyOf(request, request.params.id);
      // Readers of the register only: the access rule let the user in, the use case agrees.
      await listDocuments(ctx, requireStaff(request), agency.id, { year });
      const table = await table2Of(db, agency.id, year);
      const warnings: string[] = [];
      const kind = tree.nodes.get(agency.id)?.kind;
      if ((kind === 'town' || kind === 'village') && (table.regulations ?? []).some((c) => (c ?? 0) > 0))
        warnings.push('乡镇（街道）没有制定规章的权限，表二“规章”一行应为 0，请核对登记簿。');
      if (table.licensing?.[0] === null)
        warnings.push(
          `尚未录入 ${year} 年的行政许可、行政处罚、行政强制和行政事业性收费数量，表中显示“未录入”。`,
        );
      return sendPage(
        reply,
        Table2Page({ chrome: await chrome(web, request, reply), agency, year, table, warnings }),
      );
    },
  );
}
