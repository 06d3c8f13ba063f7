// 效能投诉 in the back office:
//   GET  /office/agencies/:id/complaints                                the queue (service, admin, supervisor)
//   GET  /office/agencies/:id/complaints/new                            a telephone complaint's form (service, admin)
//   POST /office/agencies/:id/complaints                                register it: 200 with the link shown once
//   GET  /office/agencies/:id/complaints/:complaintId                   the complaint (service, admin, supervisor)
//   POST /office/agencies/:id/complaints/:complaintId/assignment        give it to a 政务服务 colleague
//   POST /office/agencies/:id/complaints/:complaintId/answer            answer it (once)
// A complaint that is not of the agency in the path answers 404, exactly as a missing one.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { hasRole, loadAgencyTree } from '../../agencies/index.ts';
import { shanghaiDate } from '../../kernel/civil-date.ts';
import { DomainError } from '../../kernel/errors.ts';
import {
  answerComplaint,
  assignComplaint,
  complaintAssignees,
  FEEDBACK_CLERK_ROLES,
  FEEDBACK_READER_ROLES,
  getComplaint,
  listComplaints,
  registerHotlineComplaint,
  serviceChoicesFor,
} from '../../services/index.ts';
import { requireStaff } from '../access.ts';
import type { App, Web } from '../context.ts';
import { publicUrl } from '../public-url.ts';
import { seeOther, sendPage } from '../render.ts';
import { privatePage } from '../security.ts';
import { chrome, expected, type FormProblems, formProblems } from './chrome.ts';
import {
  type AgencyRef,
  type ComplaintForm,
  ComplaintPage,
  ComplaintQueuePage,
  complaintHref,
  HOTLINE_FIELDS,
  type HotlineField,
  HotlineFormPage,
  type HotlineFormValues,
  HotlineRegisteredPage,
} from './complaint-pages.tsx';

const Id = (title: string) => Type.String({ minLength: 1, maxLength: 100, title });
const AgencyParams = Type.Object({ id: Id('机构编号') });
const ComplaintParams = Type.Object({ id: Id('机构编号'), complaintId: Id('投诉编号') });
const S = (maxLength: number, title: string) => Type.Optional(Type.String({ maxLength, title }));
const DoneQuery = Type.Object({ done: S(20, '结果') });
const HotlineBody = Type.Object({
  receivedOn: S(40, '来电日期'),
  window: S(100, '窗口'),
  item: S(100, '事项'),
  content: S(10_000, '投诉内容'),
  complainantName: S(200, '投诉人姓名'),
  complainantPhone: S(100, '联系电话'),
});
// `shown`: the assignee the form was shown with ('' for none): a change made meanwhile is not overwritten.
const AssignBody = Type.Object({ assignee: S(100, '承办人'), shown: S(100, '原承办人') });
const AnswerBody = Type.Object({ answer: S(20_000, '答复内容') });

const NOTICES: Readonly<Record<string, string>> = {
  assigned: '已分配承办人。',
  answered: '答复已提交，投诉人可通过查询链接查看。',
};

export function registerComplaintOfficeRoutes(app: App, web: Web): void {
  const { ctx } = web;
  const db = web.database.db;
  const readers = { agencyParam: 'id', roles: FEEDBACK_READER_ROLES };
  const clerks = { agencyParam: 'id', roles: FEEDBACK_CLERK_ROLES };

  async function agencyOf(
    request: FastifyRequest,
    id: string,
  ): Promise<{ agency: AgencyRef; canEdit: boolean }> {
    const tree = await loadAgencyTree(db);
    const node = tree.nodes.get(id);
    if (!node) throw new DomainError('access.not_found', 'no such agency');
    const principal = requireStaff(request);
    return {
      agency: { id: node.id, name: node.name },
      canEdit: FEEDBACK_CLERK_ROLES.some((role) => hasRole(principal, role, id, tree)),
    };
  }

  app.get(
    '/office/agencies/:id/complaints',
    { config: { access: readers }, schema: { params: AgencyParams } },
    async (request, reply) => {
      const { agency, canEdit } = await agencyOf(request, request.params.id);
      return sendPage(
        reply,
        ComplaintQueuePage({
          chrome: await chrome(web, request, reply),
          agency,
          complaints: await listComplaints(ctx, requireStaff(request), agency.id),
          canEdit,
        }),
      );
    },
  );

  async function hotlinePage(
    request: FastifyRequest,
    reply: FastifyReply,
    agencyId: string,
    values: HotlineFormValues,
    problems: FormProblems<HotlineField> = { errors: {}, general: [] },
    status = 200,
  ) {
    const { agency } = await agencyOf(request, agencyId);
    return sendPage(
      reply,
      HotlineFormPage({
        chrome: await chrome(web, request, reply),
        agency,
        choices: await serviceChoicesFor(ctx, requireStaff(request), agency.id),
        values,
        problems,
      }),
      status,
    );
  }

  app.get(
    '/office/agencies/:id/complaints/new',
    { config: { access: clerks }, schema: { params: AgencyParams } },
    async (request, reply) =>
      hotlinePage(request, reply, request.params.id, {
        receivedOn: shanghaiDate(ctx.now()),
        window: '',
        item: '',
        content: '',
        complainantName: '',
        complainantPhone: '',
      }),
  );

  app.post(
    '/office/agencies/:id/complaints',
    { config: { access: clerks }, schema: { params: AgencyParams, body: HotlineBody } },
    async (request, reply) => {
      const agencyId = request.params.id;
      const b = request.body;
      const values: HotlineFormValues = {
        receivedOn: b.receivedOn ?? '',
        window: b.window ?? '',
        item: b.item ?? '',
        content: b.content ?? '',
        complainantName: b.complainantName ?? '',
        complainantPhone: b.complainantPhone ?? '',
      };
      let filed: Awaited<ReturnType<typeof registerHotlineComplaint>>;
      try {
        filed = await registerHotlineComplaint(ctx, requireStaff(request), {
          agencyId,
          windowId: values.window === '' ? null : values.window,
          itemId: values.item === '' ? null : values.item,
          content: values.content,
          complainantName: values.complainantName,
          complainantPhone: values.complainantPhone,
          // An empty date is today's call.
          ...(values.receivedOn.trim() === '' ? {} : { receivedOn: values.receivedOn.trim() }),
        });
      } catch (error) {
        const view = expected(error, ['input.invalid']);
        return hotlinePage(
          request,
          reply,
          agencyId,
          values,
          formProblems(error, HOTLINE_FIELDS),
          view.status,
        );
      }
      const { agency } = await agencyOf(request, agencyId);
      // The page shows the complainant's secret link once: never stored, never referred.
      await privatePage(request, reply);
      return sendPage(
        reply,
        HotlineRegisteredPage({
          chrome: await chrome(web, request, reply),
          agency,
          complaintId: filed.complaintId,
          reference: filed.reference,
          dueOn: filed.dueOn,
          url: publicUrl(ctx.config, request, `/complaints/${filed.token}`),
        }),
      );
    },
  );

  async function complaintPage(
    request: FastifyRequest,
    reply: FastifyReply,
    agencyId: string,
    complaintId: string,
    options: { notice?: string; failed?: ComplaintForm; answer?: string; status?: number } = {},
  ) {
    const { agency, canEdit } = await agencyOf(request, agencyId);
    const principal = requireStaff(request);
    const complaint = await getComplaint(ctx, principal, agency.id, complaintId);
    return sendPage(
      reply,
      ComplaintPage({
        chrome: await chrome(web, request, reply),
        agency,
        complaint,
        assignees: canEdit ? await complaintAssignees(ctx, principal, agency.id) : [],
        canEdit,
        ...(options.notice ? { notice: options.notice } : {}),
        ...(options.failed ? { failed: options.failed } : {}),
        ...(options.answer !== undefined ? { answer: options.answer } : {}),
      }),
      options.status ?? 200,
    );
  }

  app.get(
    '/office/agencies/:id/complaints/:complaintId',
    { config: { access: readers }, schema: { params: ComplaintParams, querystring: DoneQuery } },
    async (request, reply) => {
      const done = request.query.done;
      const notice = done === undefined ? undefined : NOTICES[done];
      return complaintPage(
        request,
        reply,
        request.params.id,
        request.params.complaintId,
        notice ? { notice } : {},
      );
    },
  );

  app.post(
    '/office/agencies/:id/complaints/:complaintId/assignment',
    { config: { access: clerks }, schema: { params: ComplaintParams, body: AssignBody } },
    async (request, reply) => {
      const { id, complaintId } = request.params;
      // The complaint of the path first: another agency's answers 404 before the form is read.
      await getComplaint(ctx, requireStaff(request), id, complaintId);
      const assignee = request.body.assignee ?? '';
      if (assignee === '')
        return complaintPage(request, reply, id, complaintId, {
          failed: { form: 'assign', errors: { assignee: '请选择承办人' }, general: [] },
          status: 400,
        });
      try {
        await assignComplaint(ctx, requireStaff(request), {
          agencyId: id,
          complaintId,
          assigneeId: assignee,
          ...(request.body.shown === undefined
            ? {}
            : { expectedAssignee: request.body.shown === '' ? null : request.body.shown }),
        });
      } catch (error) {
        const view = expected(error, ['input.invalid', 'conflict.state']);
        return complaintPage(request, reply, id, complaintId, {
          failed: { form: 'assign', ...formProblems(error, ['assignee']) },
          status: view.status,
        });
      }
      return seeOther(reply, `${complaintHref(id, complaintId)}?done=assigned`);
    },
  );

  app.post(
    '/office/agencies/:id/complaints/:complaintId/answer',
    { config: { access: clerks }, schema: { params: ComplaintParams, body: AnswerBody } },
    async (request, reply) => {
      const { id, complaintId } = request.params;
      await getComplaint(ctx, requireStaff(request), id, complaintId);
      const answer = request.body.answer ?? '';
      try {
        await answerComplaint(ctx, requireStaff(request), { agencyId: id, complaintId, answer });
      } catch (error) {
        const view = expected(error, ['input.invalid', 'conflict.state']);
        return complaintPage(request, reply, id, complaintId, {
          failed: { form: 'answer', ...formProblems(error, ['answer']) },
          answer,
          status: view.status,
        });
      }
      return seeOther(reply, `${complaintHref(id, complaintId)}?done=answered`);
    },
  );
}
