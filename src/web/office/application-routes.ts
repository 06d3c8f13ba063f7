// The back office of 依申请公开:
//   GET  /office/applications                                  the queue of the user's own agency (nav link)
//   GET  /office/agencies/:id/applications                     the queue by due date (?mine=1&closed=1)
//   GET  /office/agencies/:id/applications/new                 registration form (handler)
//   POST /office/agencies/:id/applications                     register, multipart with ?_csrf= (handler)
//   GET  /office/agencies/:id/applications/:applicationId      the application and its forms
//   POST …/:applicationId/events                               record an event (handler; approver for 延期)
//   POST …/:applicationId/assignment                           give it to a handler
//   POST …/:applicationId/appeals, …/appeals/result            复议 and 诉讼 cases (handler)
//   GET  …/:applicationId/letters/:letterId.docx               a letter as Word
//   GET  …/:applicationId/files/:fileId                        an uploaded file (handler)
// An application (letter, file, appeal) that is not of the agency in the path answers 404, exactly
// as a missing one: the access rule checked the agency, these routes check that the record is its.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  findUsernames,
  loadAgencyTree,
  type Principal,
  type Role,
  visibleAgencyIds,
} from '../../agencies/index.ts';
import { decideAppeal, findAppealsOfApplication, recordAppeal } from '../../appeals/index.ts';
import {
  APPLICATION_READER_ROLES,
  type ApplicationRow,
  assignApplication,
  EVENT_LABELS,
  findFile,
  findLetterOfApplication,
  findLettersOfApplication,
  foldEvents,
  getApplicationForStaff,
  isOpen,
  isOutcomeCode,
  LETTER_OF_EVENT,
  listApplicationQueue,
  listHandlers,
  loadApplicationFor,
  loadEvents,
  type OutcomeCode,
  receivesApplications,
  recordApplicationEvent,
  registerApplication,
  suggestFee,
  type UploadedFile,
} from '../../applications/index.ts';
import { renderLetterDocx, renderLetterHtml } from '../../applications/letters/index.ts';
import { currentWorkingDayCalendar } from '../../calendar/index.ts';
import { shanghaiDate } from '../../kernel/civil-date.ts';
import { DomainError, type ErrorCode, isDomainError } from '../../kernel/errors.ts';
import { requireStaff } from '../access.ts';
import type { App, Web } from '../context.ts';
import { publicBaseUrl } from '../public-url.ts';
import { seeOther, sendPage } from '../render.ts';
import { ApplicationPage } from './application-detail-page.tsx';
import type { FailedForm } from './application-fields.tsx';
import {
  availableEventForms,
  type FormFields,
  isFormEventType,
  parseAppealForm,
  parseAppealResultForm,
  parseAssignee,
  parseEventForm,
  parseRegistrationForm,
  REGISTRATION_FIELDS,
} from './application-forms.ts';
import {
  applicantStatusUrl,
  applicationHref,
  applicationsHref,
  MY_APPLICATIONS_HREF,
} from './application-hrefs.ts';
import { AgencyChoicePage, QueuePage } from './application-queue-page.tsx';
import { RegisteredPage, RegistrationPage } from './application-register-page.tsx';
import type { LetterView } from './application-shared.ts';
import { chrome, errorLines, expected } from './chrome.ts';

const Id = (title: string) => Type.String({ minLength: 1, maxLength: 100, title });
const AgencyParams = Type.Object({ id: Id('机构编号') });
const ApplicationParams = Type.Object({ id: Id('机构编号'), applicationId: Id('申请编号') });
const LetterParams = Type.Object({
  id: Id('机构编号'),
  applicationId: Id('申请编号'),
  letterId: Id('文书编号'),
});
const FileParams = Type.Object({ id: Id('机构编号'), applicationId: Id('申请编号'), fileId: Id('材料编号') });

const Flag = Type.Optional(Type.String({ maxLength: 5 }));
const QueueQuery = Type.Object({ mine: Flag, closed: Flag });
const DetailQuery = Type.Object({
  done: Type.Optional(Type.String({ maxLength: 40 })),
  outcome: Type.Optional(Type.String({ maxLength: 40 })),
});

const S = (maxLength: number, title: string) => Type.Optional(Type.String({ maxLength, title }));
const EventBody = Type.Object({
  type: S(40, '事项'),
  expectedEventCount: S(10, '表单版本'),
  at: S(40, '日期'),
  items: S(6000, '需要补正的事项'),
  correctionDue: S(40, '补正期限'),
  party: S(40, '征求意见的对象'),
  recipientName: S(400, '征求意见对象名称'),
  method: S(20, '收费方式'),
  units: S(20, '件数或页数'),
  amount: S(20, '收费金额'),
  receivedOn: S(40, '申请人收到通知的日期'),
  paymentMethod: S(1000, '缴费方式'),
  reasonDue: S(40, '说明理由的期限'),
  days: S(10, '延长的工作日数'),
  noticeOn: S(40, '告知申请人的日期'),
  reason: S(1000, '理由'),
  dueOn: S(40, '延迟答复期限'),
  outcome: S(40, '办理结果'),
  legalBasis: S(4000, '答复依据'),
  withheld: Type.Optional(
    Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20, title: '不予公开部分的理由' }),
  ),
  details: S(4000, '答复的具体内容'),
});
const AssignBody = Type.Object({
  assignee: Type.String({ maxLength: 100, title: '承办人' }),
  // The assignee the form was shown with ('' for none): a change made meanwhile is not overwritten.
  shown: Type.Optional(Type.String({ maxLength: 100, title: '原承办人' })),
});
const AppealBody = Type.Object({
  kind: S(40, '案件类型'),
  caseNumber: S(200, '案号'),
  filedOn: S(40, '立案日期'),
  notes: S(4000, '备注'),
});
const AppealResultBody = Type.Object({
  appealId: S(100, '案件'),
  result: S(20, '结果'),
  closedOn: S(40, '审结日期'),
});

const READERS: readonly Role[] = APPLICATION_READER_ROLES;
const WORKERS: readonly Role[] = ['handler', 'approver'];
const HANDLERS: readonly Role[] = ['handler'];

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** attachment; filename="…" with an ASCII fallback and the real name in RFC 5987 form. */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * The Chinese sentences of an expected error: the domain's own message (the state machine words
 * its refusals in Chinese without a separate userMessage), or the edge's sentence for the code.
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

const notFound = () => new DomainError('access.not_found', 'application not of this agency');

const NOTICES: Readonly<Record<string, string>> = {
  assigned: '承办人已保存。',
  appeal: '案件已登记。',
  'appeal-result': '案件结果已保存。',
  reopened: '案件结果已保存：结果为纠正，申请已重新进入办理，答复期限重新计算。',
};

function noticeOf(done: string | undefined): string | undefined {
  if (done === undefined) return undefined;
  if (isFormEventType(done)) {
    const letter = LETTER_OF_EVENT[done] ? '相应文书已生成，见“文书”。' : '';
    return `已登记“${EVENT_LABELS[done]}”。${letter}`;
  }
  return NOTICES[done];
}

export function registerApplicationRoutes(app: App, web: Web): void {
  const { ctx } = web;
  const db = web.database.db;

  async function agencyOf(id: string): Promise<{ id: string; name: string }> {
    const node = (await loadAgencyTree(db)).nodes.get(id);
    if (!node) throw notFound();
    return { id: node.id, name: node.name };
  }

  /** The application of the path: the actor holds `roles` on its agency, and it is the path's agency. */
  async function applicationOf(
    principal: Principal,
    params: { id: string; applicationId: string },
    roles: readonly Role[],
  ): Promise<ApplicationRow> {
    let row: ApplicationRow;
    try {
      row = await loadApplicationFor(ctx, principal, params.applicationId, roles);
    } catch (error) {
      // Another agency's application: not there, whatever the roles on that agency are.
      if (isDomainError(error) && (error.code === 'access.not_found' || error.code === 'access.forbidden'))
        throw notFound();
      throw error;
    }
    if (row.agency_id !== params.id) throw notFound();
    return row;
  }

  /** The agencies whose applications the user reads, and among them those without a readable parent. */
  async function readable(principal: Principal) {
    const tree = await loadAgencyTree(db);
    const ids = await visibleAgencyIds(ctx, principal, READERS);
    const receiving = (id: string) => {
      const node = tree.nodes.get(id);
      return node !== undefined && receivesApplications(node.kind);
    };
    return { tree, ids, receiving };
  }

  app.get(MY_APPLICATIONS_HREF, { config: { access: 'staff' } }, async (request, reply) => {
    const principal = requireStaff(request);
    const { tree, ids, receiving } = await readable(principal);
    const own = principal.user.agencyId;
    if (ids.has(own) && receiving(own)) return seeOther(reply, applicationsHref(own));
    const tops = [...ids].filter((id) => {
      const parent = tree.nodes.get(id)?.parentId ?? null;
      return receiving(id) && (parent === null || !ids.has(parent));
    });
    if (tops.length === 1) return seeOther(reply, applicationsHref(tops[0]!));
    const agencies = tops
      .map((id) => ({ id, name: tree.nodes.get(id)!.name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh'));
    return sendPage(reply, AgencyChoicePage({ chrome: await chrome(web, request, reply), agencies }));
  });

  app.get(
    '/office/agencies/:id/applications',
    {
      config: { access: { agencyParam: 'id', roles: READERS } },
      schema: { params: AgencyParams, querystring: QueueQuery },
    },
    async (request, reply) => {
      const principal = requireStaff(request);
      const agency = await agencyOf(request.params.id);
      const mine = request.query.mine === '1';
      const includeClosed = request.query.closed === '1';
      const items = await listApplicationQueue(ctx, principal, {
        agencyId: agency.id,
        includeClosed,
        ...(mine ? { assignedTo: principal.user.id } : {}),
      });
      const handlers = await listHandlers(ctx, agency.id);
      const { tree, ids, receiving } = await readable(principal);
      const parent = tree.nodes.get(agency.id)?.parentId ?? null;
      const related = [...(parent === null ? [] : [parent]), ...(tree.children.get(agency.id) ?? [])];
      const handles = (await visibleAgencyIds(ctx, principal, HANDLERS)).has(agency.id);
      return sendPage(
        reply,
        QueuePage({
          chrome: await chrome(web, request, reply),
          agency,
          items,
          names: new Map(handlers.map((h) => [h.id, h.displayName])),
          mine,
          includeClosed,
          canRegister: handles && receiving(agency.id),
          others: related
            .filter((id) => ids.has(id) && receiving(id))
            .map((id) => ({ id, name: tree.nodes.get(id)!.name })),
        }),
      );
    },
  );

  function today(): string {
    return shanghaiDate(ctx.now());
  }

  async function registrationPage(
    request: FastifyRequest & { params: { id: string } },
    reply: FastifyReply,
    extra: { values?: FormFields; errors?: string[]; status?: number } = {},
  ) {
    return sendPage(
      reply,
      RegistrationPage({
        chrome: await chrome(web, request, reply),
        agency: await agencyOf(request.params.id),
        today: today(),
        ...(extra.values ? { values: extra.values } : {}),
        ...(extra.errors ? { errors: extra.errors } : {}),
      }),
      extra.status ?? 200,
    );
  }

  app.get(
    '/office/agencies/:id/applications/new',
    {
      config: { access: { agencyParam: 'id', roles: HANDLERS } },
      schema: { params: AgencyParams },
    },
    async (request, reply) => registrationPage(request, reply),
  );

  /** The registration form's fields and its one file, from a multipart upload or a plain form. */
  async function readRegistration(
    request: FastifyRequest,
  ): Promise<{ fields: Record<string, string>; file: UploadedFile | null }> {
    const fields: Record<string, string> = {};
    const wanted = new Set<string>(REGISTRATION_FIELDS);
    let file: UploadedFile | null = null;
    if (!request.isMultipart()) {
      const body = (request.body ?? {}) as Record<string, unknown>;
      for (const name of wanted) if (typeof body[name] === 'string') fields[name] = body[name] as string;
      return { fields, file };
    }
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const content = await part.toBuffer();
        if (part.fieldname !== 'idProof' || file !== null) continue;
        if (part.filename === '' && content.byteLength === 0) continue;
        file = { filename: part.filename, mediaType: part.mimetype, content: new Uint8Array(content) };
      } else if (wanted.has(part.fieldname) && typeof part.value === 'string') {
        if (part.value.length > 8000)
          throw new DomainError('input.invalid', 'field too long', {
            userMessage: '提交的内容过长，请检查后重新提交。',
          });
        fields[part.fieldname] = part.value;
      }
    }
    if (Object.values(fields).some((v) => v.includes('\u0000')))
      throw new DomainError('input.invalid', 'NUL character in input', {
        userMessage: '提交的内容含有无效字符（NUL），请检查后重新提交。',
      });
    return { fields, file };
  }

  app.post(
    '/office/agencies/:id/applications',
    {
      config: { access: { agencyParam: 'id', roles: HANDLERS } },
      schema: { params: AgencyParams },
    },
    async (request, reply) => {
      const principal = requireStaff(request);
      const agency = await agencyOf(request.params.id);
      const { fields, file } = await readRegistration(request);
      const parsed = parseRegistrationForm(fields);
      if (parsed.problems.length > 0)
        return registrationPage(request, reply, {
          values: fields,
          errors: ['申请未登记，请修改以下内容：', ...parsed.problems],
          status: 400,
        });
      let result: Awaited<ReturnType<typeof registerApplication>>;
      try {
        result = await registerApplication(ctx, principal, {
          agencyId: agency.id,
          ...parsed.value,
          ...(file ? { idProof: file } : {}),
        });
      } catch (error) {
        const { status, messages } = refusal(error, ['input.invalid', 'conflict.state']);
        return registrationPage(request, reply, { values: fields, errors: messages, status });
      }
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return sendPage(
        reply,
        RegisteredPage({
          chrome: await chrome(web, request, reply),
          agency,
          result,
          statusUrl: applicantStatusUrl(publicBaseUrl(ctx.config, request), result.accessToken),
        }),
        201,
      );
    },
  );

  /** The letters of the application, oldest first, each as an HTML fragment. */
  async function lettersOf(applicationId: string): Promise<LetterView[]> {
    return (await findLettersOfApplication(db, applicationId)).map((issued) => ({
      id: issued.id,
      title: issued.letter.title,
      documentNumber: issued.documentNumber,
      issuedOn: issued.issuedOn,
      safeHtml: renderLetterHtml(issued.letter, { id: `letter-title-${issued.id}`, headingLevel: 3 }),
    }));
  }

  /** The application page, with a notice or a form that came back with its problems. */
  async function applicationPage(
    request: FastifyRequest,
    reply: FastifyReply,
    row: ApplicationRow,
    extra: { notice?: string; failed?: FailedForm; status?: number; replyOutcome?: OutcomeCode } = {},
  ) {
    const principal = requireStaff(request);
    const detail = await getApplicationForStaff(ctx, principal, row);
    const calendar = await currentWorkingDayCalendar(db);
    const state = foldEvents(await loadEvents(db, row.id), calendar);
    const forms = availableEventForms(state, detail);
    const handlers = await listHandlers(ctx, row.agency_id);
    const names = new Map(handlers.map((h) => [h.id, h.displayName]));
    const unknown = [...new Set([...detail.timeline.map((t) => t.recordedBy), detail.assignedTo])].filter(
      (id): id is string => id !== null && !names.has(id),
    );
    for (const [id, username] of await findUsernames(db, unknown)) names.set(id, username);
    const caseInMonth = forms.includes('fee_notice_sent')
      ? (await suggestFee(ctx, principal, row.id, 'per_case')).units
      : null;
    return sendPage(
      reply,
      ApplicationPage({
        chrome: await chrome(web, request, reply),
        agency: await agencyOf(row.agency_id),
        detail,
        forms,
        letters: await lettersOf(row.id),
        appeals: await findAppealsOfApplication(db, row.id),
        handlers,
        names,
        today: today(),
        caseInMonth,
        replyOutcome: extra.replyOutcome ?? 'granted',
        // A finished application is given to no one (assignApplication refuses it): no form.
        canAssign: (detail.canHandle || detail.canApprove) && isOpen(state),
        ...(extra.notice ? { notice: extra.notice } : {}),
        ...(extra.failed ? { failed: extra.failed } : {}),
      }),
      extra.status ?? 200,
    );
  }

  app.get(
    '/office/agencies/:id/applications/:applicationId',
    {
      config: { access: { agencyParam: 'id', roles: READERS } },
      schema: { params: ApplicationParams, querystring: DetailQuery },
    },
    async (request, reply) => {
      const row = await applicationOf(requireStaff(request), request.params, READERS);
      const chosen = request.query.outcome;
      return applicationPage(request, reply, row, {
        ...(noticeOf(request.query.done) ? { notice: noticeOf(request.query.done)! } : {}),
        ...(isOutcomeCode(chosen) ? { replyOutcome: chosen } : {}),
      });
    },
  );

  app.post(
    '/office/agencies/:id/applications/:applicationId/events',
    {
      config: { access: { agencyParam: 'id', roles: WORKERS } },
      schema: { params: ApplicationParams, body: EventBody },
    },
    async (request, reply) => {
      const principal = requireStaff(request);
      const row = await applicationOf(principal, request.params, WORKERS);
      const form = request.body as FormFields;
      const parsed = parseEventForm(form, { actorName: principal.user.displayName });
      const failed = (type: string | null, messages: string[]): FailedForm => ({
        form: type === null ? 'actions-title' : `event-${type}`,
        label: isFormEventType(type) ? EVENT_LABELS[type] : '办理事项',
        values: form,
        messages,
      });
      if (!parsed.ok)
        return applicationPage(request, reply, row, {
          failed: failed(parsed.type, parsed.problems),
          status: 400,
        });
      try {
        await recordApplicationEvent(ctx, principal, row.id, parsed.event, {
          expectedEventCount: parsed.expectedEventCount,
          letter: parsed.letter,
        });
      } catch (error) {
        const { status, messages } = refusal(error, ['input.invalid', 'conflict.state']);
        return applicationPage(request, reply, row, { failed: failed(parsed.event.type, messages), status });
      }
      return seeOther(reply, `${applicationHref(row.agency_id, row.id)}?done=${parsed.event.type}`);
    },
  );

  app.post(
    '/office/agencies/:id/applications/:applicationId/assignment',
    {
      config: { access: { agencyParam: 'id', roles: WORKERS } },
      schema: { params: ApplicationParams, body: AssignBody },
    },
    async (request, reply) => {
      const principal = requireStaff(request);
      const row = await applicationOf(principal, request.params, WORKERS);
      try {
        const { shown } = request.body;
        await assignApplication(ctx, principal, row.id, parseAssignee(request.body), {
          ...(shown === undefined ? {} : { expectedAssignee: shown === '' ? null : shown }),
        });
      } catch (error) {
        const { status, messages } = refusal(error, ['input.invalid', 'conflict.state']);
        const failed = { form: 'assign', label: '分配承办人', values: request.body, messages };
        return applicationPage(request, reply, row, { failed, status });
      }
      return seeOther(reply, `${applicationHref(row.agency_id, row.id)}?done=assigned`);
    },
  );

  app.post(
    '/office/agencies/:id/applications/:applicationId/appeals',
    {
      config: { access: { agencyParam: 'id', roles: HANDLERS } },
      schema: { params: ApplicationParams, body: AppealBody },
    },
    async (request, reply) => {
      const principal = requireStaff(request);
      const row = await applicationOf(principal, request.params, HANDLERS);
      const form = request.body as FormFields;
      const failed = (messages: string[]): FailedForm => ({
        form: 'appeal-new',
        label: '登记复议或诉讼',
        values: form,
        messages,
      });
      const parsed = parseAppealForm(form);
      if (parsed.problems.length > 0)
        return applicationPage(request, reply, row, { failed: failed(parsed.problems), status: 400 });
      try {
        await recordAppeal(ctx, principal, { applicationId: row.id, ...parsed.value });
      } catch (error) {
        const { status, messages } = refusal(error, ['input.invalid']);
        return applicationPage(request, reply, row, { failed: failed(messages), status });
      }
      return seeOther(reply, `${applicationHref(row.agency_id, row.id)}?done=appeal`);
    },
  );

  app.post(
    '/office/agencies/:id/applications/:applicationId/appeals/result',
    {
      config: { access: { agencyParam: 'id', roles: HANDLERS } },
      schema: { params: ApplicationParams, body: AppealResultBody },
    },
    async (request, reply) => {
      const principal = requireStaff(request);
      const row = await applicationOf(principal, request.params, HANDLERS);
      const form = request.body as FormFields;
      const failed = (messages: string[]): FailedForm => ({
        form: 'appeal-result',
        label: '登记案件结果',
        values: form,
        messages,
      });
      const parsed = parseAppealResultForm(form);
      if (parsed.problems.length > 0)
        return applicationPage(request, reply, row, { failed: failed(parsed.problems), status: 400 });
      const appeals = await findAppealsOfApplication(db, row.id);
      const appeal = appeals.find((a) => a.id === parsed.value.appealId);
      // A case of another application, even of the same agency: not this application's.
      if (!appeal) throw notFound();
      try {
        await decideAppeal(ctx, principal, appeal.id, {
          result: parsed.value.result,
          closedOn: parsed.value.closedOn,
        });
      } catch (error) {
        const { status, messages } = refusal(error, ['input.invalid', 'conflict.state']);
        return applicationPage(request, reply, row, { failed: failed(messages), status });
      }
      const reopened = parsed.value.result === '纠正' && appeal.result !== '纠正' && row.is_open === 0;
      return seeOther(
        reply,
        `${applicationHref(row.agency_id, row.id)}?done=${reopened ? 'reopened' : 'appeal-result'}`,
      );
    },
  );

  app.get(
    '/office/agencies/:id/applications/:applicationId/letters/:letterId.docx',
    {
      config: { access: { agencyParam: 'id', roles: READERS } },
      schema: { params: LetterParams },
    },
    async (request, reply) => {
      const row = await applicationOf(requireStaff(request), request.params, READERS);
      const issued = await findLetterOfApplication(db, row.id, request.params.letterId);
      if (!issued) throw notFound();
      const docx = await renderLetterDocx(issued.letter);
      return reply
        .header('content-type', DOCX)
        .header('content-disposition', attachment(`${issued.documentNumber}.docx`))
        .header('cache-control', 'no-store')
        .send(docx);
    },
  );

  app.get(
    '/office/agencies/:id/applications/:applicationId/files/:fileId',
    {
      config: { access: { agencyParam: 'id', roles: HANDLERS } },
      schema: { params: FileParams },
    },
    async (request, reply) => {
      const row = await applicationOf(requireStaff(request), request.params, HANDLERS);
      const file = await findFile(db, row.id, request.params.fileId);
      if (!file) throw notFound();
      return reply
        .header('content-type', file.media_type)
        .header('content-disposition', attachment(file.filename))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .send(Buffer.from(file.content));
    },
  );
}
