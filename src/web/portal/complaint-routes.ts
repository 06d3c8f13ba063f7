// 效能投诉 on the portal:
//   GET  /agencies/:id/services/complaints/new[?window=…]   the form (the window chosen when given)
//   POST /agencies/:id/services/complaints/new              file it: the confirmation with the
//                                                           投诉编号 and the secret link, shown once
//   GET  /complaints/:token                                 the complainant's page (masked)
// Rate-limited per address; none of these pages is cached, stored or referred. An unknown token is
// the same 404 as any missing page; the logs hide the token (web/logging.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { getPublicAgency } from '../../agencies/index.ts';
import { DomainError, isDomainError } from '../../kernel/errors.ts';
import { fileOnlineComplaint, findComplaintByToken, publicServiceChoices } from '../../services/index.ts';
import type { App, Web } from '../context.ts';
import { toErrorView } from '../errors.ts';
import { publicUrl } from '../public-url.ts';
import { COMPLAINT_FILING_LIMIT, COMPLAINT_STATUS_RATE_LIMIT, createGuessLimiter } from '../rate-limits.ts';
import { sendPage } from '../render.ts';
import { privatePage } from '../security.ts';
import {
  ComplaintFiledPage,
  ComplaintFormPage,
  type ComplaintFormValues,
  ComplaintStatusPage,
  complaintPageHref,
} from './complaint-pages.tsx';
import { fieldErrorsOf, type PortalFieldError } from './service-rating-fields.tsx';

const AgencyParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, title: '机构编号' }) });
const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200, title: '查询链接' }) });
const S = (maxLength: number, title: string) => Type.Optional(Type.String({ maxLength, title }));
const FormQuery = Type.Object({ window: S(100, '窗口') });
const ComplaintBody = Type.Object({
  window: S(100, '窗口'),
  item: S(100, '事项'),
  content: S(10_000, '投诉内容'),
  complainantName: S(200, '投诉人姓名'),
  complainantPhone: S(100, '联系电话'),
});

export function registerComplaintPortalRoutes(app: App, web: Web): void {
  const { ctx } = web;
  const db = web.database.db;
  // A filed complaint settles as counted ("wrong" in the limiter's terms); on the app's clock.
  const filings = createGuessLimiter({ ...COMPLAINT_FILING_LIMIT, now: () => ctx.now().getTime() });

  async function agencyOf(id: string): Promise<{ id: string; name: string }> {
    const agency = await getPublicAgency(db, id);
    if (agency === null) throw new DomainError('access.not_found', 'no such agency');
    return { id: agency.id, name: agency.name };
  }

  async function formPage(
    request: FastifyRequest,
    reply: FastifyReply,
    agency: { id: string; name: string },
    values: ComplaintFormValues,
    errors: PortalFieldError[],
    status = 200,
  ) {
    const choices = await publicServiceChoices(db, agency.id);
    // A window or item that is not offered here (closed, another agency's, made up) is not kept.
    const window = choices.windows.some((w) => w.id === values.window) ? values.window : '';
    const item = choices.items.some((i) => i.id === values.item) ? values.item : '';
    return sendPage(
      reply,
      ComplaintFormPage({
        agency,
        csrfToken: web.csrf.token(request, reply),
        choices,
        values: { ...values, window, item },
        errors,
      }),
      status,
    );
  }

  app.get(
    '/agencies/:id/services/complaints/new',
    {
      config: { access: 'public' },
      schema: { params: AgencyParams, querystring: FormQuery },
      onRequest: privatePage,
    },
    async (request, reply) => {
      const agency = await agencyOf(request.params.id);
      return formPage(
        request,
        reply,
        agency,
        {
          window: request.query.window ?? '',
          item: '',
          content: '',
          complainantName: '',
          complainantPhone: '',
        },
        [],
      );
    },
  );

  app.post(
    '/agencies/:id/services/complaints/new',
    {
      config: { access: 'public' },
      schema: { params: AgencyParams, body: ComplaintBody },
      onRequest: privatePage,
    },
    async (request, reply) => {
      const agency = await agencyOf(request.params.id);
      const b = request.body;
      const values: ComplaintFormValues = {
        window: b.window ?? '',
        item: b.item ?? '',
        content: b.content ?? '',
        complainantName: b.complainantName ?? '',
        complainantPhone: b.complainantPhone ?? '',
      };
      const admission = filings.admit(request.ip);
      if (!admission.ok)
        throw new DomainError('input.rate_limited', 'too many complaints from one address', {
          retryAfter: admission.retryAfterSeconds,
        });
      let filed: Awaited<ReturnType<typeof fileOnlineComplaint>>;
      try {
        filed = await fileOnlineComplaint(ctx, {
          agencyId: agency.id,
          windowId: values.window === '' ? null : values.window,
          itemId: values.item === '' ? null : values.item,
          content: values.content,
          complainantName: values.complainantName,
          complainantPhone: values.complainantPhone,
        });
      } catch (error) {
        admission.attempt.settle(false);
        if (!isDomainError(error) || error.code !== 'input.invalid') throw error;
        return formPage(request, reply, agency, values, fieldErrorsOf(error), toErrorView(error).status);
      }
      admission.attempt.settle(true);
      return sendPage(
        reply,
        ComplaintFiledPage({
          agency,
          reference: filed.reference,
          token: filed.token,
          url: publicUrl(ctx.config, request, complaintPageHref(filed.token)),
          receivedOn: filed.receivedOn,
          dueOn: filed.dueOn,
        }),
      );
    },
  );

  app.get(
    '/complaints/:token',
    {
      config: { access: 'public', rateLimit: COMPLAINT_STATUS_RATE_LIMIT },
      schema: { params: TokenParams },
      onRequest: privatePage,
    },
    async (request, reply) => {
      const complaint = await findComplaintByToken(ctx, request.params.token);
      if (complaint === null) throw new DomainError('access.not_found', 'no such complaint');
      return sendPage(reply, ComplaintStatusPage({ complaint }));
    },
  );
}
