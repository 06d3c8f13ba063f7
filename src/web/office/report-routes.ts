// The back office of the annual report (条例第四十九、五十条):
//   GET  /office/agencies/:id/reports[?year=]            the years: state, deadline, late, findings
//   GET  /office/agencies/:id/reports/import             upload form of an earlier year's report
//   POST /office/agencies/:id/reports/import             upload, multipart with ?_csrf= (editor, approver)
//   GET  /office/agencies/:id/reports/:year              the report with its findings and forms
//   POST /office/agencies/:id/reports/:year/draft        save sections 一 五 六 (editor)
//   POST /office/agencies/:id/reports/:year/approve      approve: refused while errors exist (approver)
//   POST /office/agencies/:id/reports/:year/revise       back to the draft (editor, approver)
//   POST /office/agencies/:id/reports/:year/publish      publish the approved snapshot (approver)
// Every step form carries the report's event count: a stale or repeated form is refused.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { hasRole, loadAgencyTree, type Principal, type Role } from '../../agencies/index.ts';
import {
  approveReport,
  importReport,
  lastYearReport,
  publishedReportYears,
  publishReport,
  REPORT_APPROVER_ROLES,
  REPORT_EDITOR_ROLES,
  REPORT_IMPORT_ROLES,
  REPORT_READER_ROLES,
  REPORT_REVISE_ROLES,
  reportOf,
  reportStatusOf,
  reviseReport,
  saveReportDraft,
} from '../../annual-reports/index.ts';
import { shanghaiDate } from '../../kernel/civil-date.ts';
import { DomainError, isDomainError } from '../../kernel/errors.ts';
import type { ReportEdits } from '../../reports/draft/index.ts';
import { requireStaff } from '../access.ts';
import type { App, Web } from '../context.ts';
import { sizeLabel } from '../portal/apply-form.ts';
import { seeOther, sendPage } from '../render.ts';
import { chrome, errorLines, expected } from './chrome.ts';
import { paragraphsOfText, placeFindings, textOfParagraphs } from './report-findings.ts';
import { ReportImportPage, ReportListPage, reportHref, type YearLine } from './report-list-pages.tsx';
import { EDITABLE_FIELDS, ReportPage } from './report-pages.tsx';

const Id = (title: string) => Type.String({ minLength: 1, maxLength: 100, title });
const Year = Type.String({ pattern: '^[0-9]{4}$', title: '年度' });
const AgencyParams = Type.Object({ id: Id('机构编号') });
const YearParams = Type.Object({ id: Id('机构编号'), year: Year });
const S = (maxLength: number, title: string) => Type.Optional(Type.String({ maxLength, title }));
const ListQuery = Type.Object({ year: S(10, '年度'), done: S(20, '结果') });
const DoneQuery = Type.Object({ done: S(20, '结果') });
const SECTION_CHARS = 200_000;
const DraftBody = Type.Object({
  overview: S(SECTION_CHARS, '一、总体情况'),
  problems: S(SECTION_CHARS, '五、存在的主要问题及改进情况'),
  other: S(SECTION_CHARS, '六、其他需要报告的事项'),
  overviewDrafted: S(SECTION_CHARS, '起草的文字'),
  problemsDrafted: S(SECTION_CHARS, '起草的文字'),
  otherDrafted: S(SECTION_CHARS, '起草的文字'),
  expectedEventCount: S(20, '表单版本'),
});
const StepBody = Type.Object({ expectedEventCount: S(20, '表单版本'), reason: S(2000, '退回理由') });

const NOTICES: Readonly<Record<string, string>> = {
  saved: '草稿已保存，检查结果已更新。',
  approved: '年度报告已审批，可以发布。',
  revised: '年度报告已退回修改。',
  published: '年度报告已发布到公开网站。',
  imported: '报告已导入，检查结果如下。',
};
const notice = (done: string | undefined) => (done === undefined ? undefined : NOTICES[done]);

function invalid(message: string): DomainError {
  return new DomainError('input.invalid', message, { userMessage: message });
}

/** The form's event count; a form without one is not ours (or from before the report existed). */
function eventCountOf(value: string | undefined): number {
  if (value === undefined || !/^[0-9]{1,9}$/.test(value)) throw invalid('表单已过期，请刷新页面后重新操作。');
  return Number(value);
}

const CODES = ['input.invalid', 'conflict.state', 'access.separation_of_duties'] as const;

export function registerReportRoutes(app: App, web: Web): void {
  const { ctx } = web;
  const db = web.database.db;
  const readers = { agencyParam: 'id', roles: REPORT_READER_ROLES };
  const editors = { agencyParam: 'id', roles: REPORT_EDITOR_ROLES };
  const approvers = { agencyParam: 'id', roles: REPORT_APPROVER_ROLES };
  const revisers = { agencyParam: 'id', roles: REPORT_REVISE_ROLES };
  const importers = { agencyParam: 'id', roles: REPORT_IMPORT_ROLES };
  const thisYear = () => Number(shanghaiDate(ctx.now()).slice(0, 4));

  async function rolesOf(principal: Principal, agencyId: string) {
    const tree = await loadAgencyTree(db);
    const node = tree.nodes.get(agencyId);
    if (!node) throw new DomainError('access.not_found', 'no such agency');
    const can = (roles: readonly Role[]) => roles.some((role) => hasRole(principal, role, agencyId, tree));
    return {
      agency: { id: node.id, name: node.name },
      canEdit: can(REPORT_EDITOR_ROLES),
      canApprove: can(REPORT_APPROVER_ROLES),
      canRevise: can(REPORT_REVISE_ROLES),
      canImport: can(REPORT_IMPORT_ROLES),
    };
  }

  app.get(
    '/office/agencies/:id/reports',
    { config: { access: readers }, schema: { params: AgencyParams, querystring: ListQuery } },
    async (request, reply) => {
      const principal = requireStaff(request);
      const agencyId = request.params.id;
      const asked = request.query.year?.trim();
      if (asked !== undefined && asked !== '') {
        if (!/^[0-9]{4}$/.test(asked)) throw invalid('年度应为四位数字，如 2022。');
        return seeOther(reply, reportHref(agencyId, Number(asked)));
      }
      const roles = await rolesOf(principal, agencyId);
      const now = thisYear();
      // This year (a preview), the four before it, and every year with a published report.
      const recent = Array.from({ length: 5 }, (_, i) => now - i);
      const years = new Set([...recent, ...(await publishedReportYears(db, agencyId))]);
      const lines: YearLine[] = [];
      for (const year of [...years].sort((a, b) => b - a)) {
        const [line] = await reportStatusOf(ctx, principal, [agencyId], year);
        // A 村（社区） publishes no report: its list stays empty.
        if (line) lines.push({ ...line, year });
      }
      return sendPage(
        reply,
        ReportListPage({
          chrome: await chrome(web, request, reply),
          agency: roles.agency,
          lines,
          canImport: roles.canImport,
          thisYear: now,
          notice: notice(request.query.done),
        }),
      );
    },
  );

  /** The report page of a year, with the texts the clerk sent back when a form failed. */
  async function reportPage(
    request: FastifyRequest,
    reply: FastifyReply,
    agencyId: string,
    year: number,
    options: {
      texts?: Record<'overview' | 'problems' | 'other', string>;
      errors?: string[];
      status?: number;
      notice?: string;
    } = {},
  ) {
    const principal = requireStaff(request);
    const roles = await rolesOf(principal, agencyId);
    const view = await reportOf(ctx, principal, agencyId, year);
    const previous = view.previous ? await lastYearReport(db, agencyId, year) : null;
    const previousProblems = previous
      ? previous.sections.filter((s) => s.key === 'problems').flatMap((s) => s.paragraphs)
      : null;
    const paragraphs = (key: string) =>
      view.report.sections.filter((s) => s.key === key).flatMap((s) => s.paragraphs);
    const edits: ReportEdits = view.stored?.edits ?? {};
    const shown = {
      overview: textOfParagraphs(paragraphs('overview')),
      problems: textOfParagraphs(paragraphs('problems')),
      // The fee sentence opens 六 and is not the clerk's to write.
      other: textOfParagraphs(paragraphs('other').slice(1)),
    };
    return sendPage(
      reply,
      ReportPage({
        chrome: await chrome(web, request, reply),
        view,
        findings: placeFindings(view.report, view.findings),
        previousProblems,
        texts: options.texts ?? shown,
        drafted: EDITABLE_FIELDS.map((f) => f.key).filter((key) => edits[key] === undefined),
        canEdit: roles.canEdit,
        canApprove: roles.canApprove,
        canRevise: roles.canRevise,
        canPublish: roles.canApprove,
        thisYear: thisYear(),
        ...(options.errors ? { errors: options.errors } : {}),
        ...(options.notice ? { notice: options.notice } : {}),
      }),
      options.status ?? 200,
    );
  }

  async function importPage(
    request: FastifyRequest,
    reply: FastifyReply,
    agencyId: string,
    options: { year?: string; errors?: string[]; status?: number } = {},
  ) {
    const { agency } = await rolesOf(requireStaff(request), agencyId);
    return sendPage(
      reply,
      ReportImportPage({
        chrome: await chrome(web, request, reply),
        agency,
        uploadLimit: sizeLabel(ctx.config.uploadLimitBytes),
        year: options.year ?? '',
        ...(options.errors ? { errors: options.errors } : {}),
      }),
      options.status ?? 200,
    );
  }

  app.get(
    '/office/agencies/:id/reports/import',
    { config: { access: importers }, schema: { params: AgencyParams } },
    async (request, reply) => importPage(request, reply, request.params.id),
  );

  /** The form's year and the file: one part named `file`, at most the installation's upload limit. */
  async function upload(
    request: FastifyRequest,
    /** Filled as the parts arrive: the form shows the year again when the file is refused. */
    form: { year: string },
  ): Promise<{ year: string; fileName: string; bytes: Uint8Array }> {
    if (!request.isMultipart()) throw invalid('请选择要导入的报告文件（.txt、.html 或 .docx）。');
    let year = '';
    let file: { fileName: string; bytes: Uint8Array } | null = null;
    try {
      for await (const part of request.parts({
        limits: { fileSize: ctx.config.uploadLimitBytes, files: 1 },
      })) {
        if (part.type === 'field') {
          if (part.fieldname === 'year' && typeof part.value === 'string') {
            year = part.value.trim().slice(0, 10);
            form.year = year;
          }
          continue;
        }
        const content = await part.toBuffer();
        if (part.fieldname === 'file' && file === null && part.filename)
          file = { fileName: part.filename, bytes: new Uint8Array(content) };
      }
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT')
        throw new DomainError('input.too_large', 'report file too large', {
          userMessage: `上传的文件过大：报告文件不能超过 ${sizeLabel(ctx.config.uploadLimitBytes)}。`,
        });
      if (isDomainError(error)) throw error;
      throw new DomainError('input.unreadable', 'broken multipart body', {
        userMessage: '无法读取上传的内容，请重新选择文件后上传。',
      });
    }
    if (file === null || file.bytes.length === 0)
      throw invalid('请选择要导入的报告文件（.txt、.html 或 .docx）。');
    return { year, ...file };
  }

  app.post(
    '/office/agencies/:id/reports/import',
    { config: { access: importers }, schema: { params: AgencyParams } },
    async (request, reply) => {
      const agencyId = request.params.id;
      const form = { year: '' };
      let imported: number;
      try {
        const file = await upload(request, form);
        const year = file.year;
        if (year !== '' && !/^[0-9]{4}$/.test(year)) throw invalid('报告年度应为四位数字，如 2021。');
        const { report } = await importReport(ctx, requireStaff(request), {
          agencyId,
          ...(year === '' ? {} : { year: Number(year) }),
          fileName: file.fileName,
          content: file.bytes,
        });
        imported = report.year;
      } catch (error) {
        const view = expected(error, [
          'input.invalid',
          'input.unreadable',
          'input.too_large',
          'input.not_a_report',
          'conflict.state',
        ]);
        return importPage(request, reply, agencyId, {
          year: form.year,
          errors: errorLines(view),
          status: view.status,
        });
      }
      return seeOther(reply, `${reportHref(agencyId, imported)}?done=imported`);
    },
  );

  app.get(
    '/office/agencies/:id/reports/:year',
    { config: { access: readers }, schema: { params: YearParams, querystring: DoneQuery } },
    async (request, reply) => {
      const n = notice(request.query.done);
      return reportPage(
        request,
        reply,
        request.params.id,
        Number(request.params.year),
        n ? { notice: n } : {},
      );
    },
  );

  app.post(
    '/office/agencies/:id/reports/:year/draft',
    { config: { access: editors }, schema: { params: YearParams, body: DraftBody } },
    async (request, reply) => {
      const agencyId = request.params.id;
      const year = Number(request.params.year);
      const b = request.body;
      const texts = { overview: b.overview ?? '', problems: b.problems ?? '', other: b.other ?? '' };
      const drafted = { overview: b.overviewDrafted, problems: b.problemsDrafted, other: b.otherDrafted };
      try {
        const expectedEventCount = eventCountOf(b.expectedEventCount);
        const edits: ReportEdits = {};
        for (const { key } of EDITABLE_FIELDS) {
          const paragraphs = paragraphsOfText(texts[key]);
          // The drafted text sent back unchanged stays drafted: it follows the data when they change.
          const shown = drafted[key];
          if (shown !== undefined && sameParagraphs(paragraphsOfText(shown), paragraphs)) continue;
          if (paragraphs.length > 0) edits[key] = paragraphs;
        }
        await saveReportDraft(ctx, requireStaff(request), { agencyId, year, edits, expectedEventCount });
      } catch (error) {
        const view = expected(error, CODES);
        return reportPage(request, reply, agencyId, year, {
          texts,
          errors: errorLines(view),
          status: view.status,
        });
      }
      return seeOther(reply, `${reportHref(agencyId, year)}?done=saved`);
    },
  );

  function step(
    path: string,
    roles: { agencyParam: string; roles: readonly Role[] },
    done: string,
    run: (
      principal: Principal,
      input: { agencyId: string; year: number; expectedEventCount: number; reason?: string },
    ) => Promise<unknown>,
  ) {
    app.post(
      `/office/agencies/:id/reports/:year/${path}`,
      { config: { access: roles }, schema: { params: YearParams, body: StepBody } },
      async (request, reply) => {
        const agencyId = request.params.id;
        const year = Number(request.params.year);
        try {
          const expectedEventCount = eventCountOf(request.body.expectedEventCount);
          await run(requireStaff(request), {
            agencyId,
            year,
            expectedEventCount,
            ...(request.body.reason === undefined ? {} : { reason: request.body.reason }),
          });
        } catch (error) {
          const view = expected(error, CODES);
          return reportPage(request, reply, agencyId, year, {
            errors: errorLines(view),
            status: view.status,
          });
        }
        return seeOther(reply, `${reportHref(agencyId, year)}?done=${done}`);
      },
    );
  }

  step('approve', approvers, 'approved', (principal, input) => approveReport(ctx, principal, input));
  step('revise', revisers, 'revised', (principal, input) => reviseReport(ctx, principal, input));
  step('publish', approvers, 'published', (principal, input) => publishReport(ctx, principal, input));
}

function sameParagraphs(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}
