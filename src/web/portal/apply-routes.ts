// 依申请公开 on the portal, for citizens and organisations:
//   GET  /agencies/:id/apply        the application form (条例第二十九条)
//   POST /agencies/:id/apply        submit it (multipart with the ID proof, CSRF token in the query);
//                                   200 with the confirmation: tracking number and secret status link
//   GET  /apply/status?token=…      the applicant's page (the token is the secret; logs redact it)
//   POST /apply/status/supplement   the 补正 (token in a hidden field, never in a URL)
//   GET  /apply/letter.docx?token=…&letter=…   a letter of that application as DOCX
//   GET  /apply/lookup, POST /apply/lookup     tracking number + 查询码 typed back
// None of these pages is cached (no page cache, Cache-Control: no-store, no Referer). An unknown
// token answers the same 404 as any missing page: nothing tells whether a tracking number exists.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { getPublicAgency, type PublicAgency } from '../../agencies/index.ts';
import {
  DELIVERY_CHANNEL_LABELS,
  DELIVERY_FORM_LABELS,
  findApplicationByToken,
  findLetterOfApplication,
  findLettersOfApplication,
  normalizeRequest,
  normalizeTrackingNumber,
  receivesApplications,
  submitOnlineApplication,
  submitSupplement,
} from '../../applications/index.ts';
import { renderLetterDocx, renderLetterHtml } from '../../applications/letters/index.ts';
import type { Config } from '../../config.ts';
import { DomainError, isDomainError } from '../../kernel/errors.ts';
import { searchByDescription } from '../../search/index.ts';
import type { App, Web } from '../context.ts';
import { toErrorView } from '../errors.ts';
import { publicUrl } from '../public-url.ts';
import { seeOther, sendPage } from '../render.ts';
import { contentSecurityPolicyHeader, privatePage } from '../security.ts';
import { APPLY_SCRIPT_SRC } from '../static.ts';
import {
  APPLY_FIELDS,
  type ApplyFormValues,
  applyValues,
  contentDisposition,
  DEFAULT_APPLY_VALUES,
  docxFilename,
  type FieldError,
  formProblems,
  problemField,
  problemsOf,
  readForm,
  toApplicant,
  toRequest,
  uploadLimit,
} from './apply-form.ts';
import { ApplyFormPage, LOOKUP_HREF, type PublishedMatch, STATUS_HREF } from './apply-pages.tsx';
import { ConfirmationPage, LookupPage, type LookupValues } from './apply-receipt-pages.tsx';
import { type StatusLetter, StatusPage, SUPPLEMENT_HREF } from './apply-status-page.tsx';
import { registerApplySuggestions, suggestionsHref } from './apply-suggestions.ts';

/** Per client address. Submitting is rare; a service hall behind one address still gets through. */
export const APPLY_RATE_LIMIT = { max: 30, timeWindow: '1 hour' } as const;
/** Typing back a tracking number and 查询码. */
export const LOOKUP_RATE_LIMIT = { max: 10, timeWindow: '1 minute' } as const;
/**
 * The letters the applicant reads: not the 征求意见函, which is addressed to the third party or organ
 * consulted (条例第三十二、三十四条) and names them — the applicant must not learn who they are.
 */
function addressedToApplicant(kind: string): boolean {
  return kind !== 'consultation_letter';
}

/** Opening the status page or a letter. */
export const STATUS_RATE_LIMIT = { max: 60, timeWindow: '1 minute' } as const;
export const SUPPLEMENT_RATE_LIMIT = { max: 20, timeWindow: '1 hour' } as const;

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const AgencyParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, title: '机构编号' }) });
const TokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 200, title: '查询码' })) });
const LetterQuery = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 200, title: '查询码' })),
  letter: Type.Optional(Type.String({ maxLength: 100, title: '文书编号' })),
});
const LookupBody = Type.Object({
  trackingNumber: Type.Optional(Type.String({ maxLength: 100, title: '申请编号' })),
  token: Type.Optional(Type.String({ maxLength: 200, title: '查询码' })),
});

function notFound(): DomainError {
  return new DomainError('access.not_found', 'no such application');
}

/** A link that works from wherever the applicant keeps it: under the portal's public address. */
function absoluteUrl(config: Config, request: FastifyRequest, path: string): string {
  return publicUrl(config, request, path);
}

export function registerApplyRoutes(app: App, web: Web): void {
  const { ctx } = web;
  const db = web.database.db;
  const limit = uploadLimit(ctx.config.uploadLimitBytes);
  // The form page loads our search-as-you-type script: its CSP allows our own files, no inline code.
  const scriptedPolicy = contentSecurityPolicyHeader(ctx.config, { ownScripts: true });
  registerApplySuggestions(app, web);

  /** The agency, when it takes applications; villages and unknown ids are the same 404. */
  async function applyingAgency(id: string): Promise<PublicAgency> {
    const agency = await getPublicAgency(db, id);
    if (agency === null || !receivesApplications(agency.kind))
      throw new DomainError('access.not_found', 'no such agency');
    return agency;
  }

  function formPage(
    request: FastifyRequest,
    reply: FastifyReply,
    agency: PublicAgency,
    values: ApplyFormValues,
    errors: FieldError[],
    status = 200,
    published: readonly PublishedMatch[] | null = null,
  ) {
    reply.header('content-security-policy', scriptedPolicy);
    return sendPage(
      reply,
      ApplyFormPage({
        agency: { id: agency.id, name: agency.name },
        csrfToken: web.csrf.token(request, reply),
        values,
        errors,
        uploadLimit: limit,
        published,
        suggest: { url: suggestionsHref(agency.id), scriptSrc: APPLY_SCRIPT_SRC },
      }),
      status,
    );
  }

  async function statusPage(
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    options: {
      notice?: string;
      problem?: string;
      supplement?: { text: string; errors: FieldError[] };
      status?: number;
    } = {},
  ) {
    const found = await findApplicationByToken(ctx, token);
    if (!found) throw notFound();
    const agency = await getPublicAgency(db, found.detail.agencyId);
    const letters: StatusLetter[] = (await findLettersOfApplication(db, found.row.id))
      .filter((l) => addressedToApplicant(l.kind))
      .map((l, i) => ({
        id: l.id,
        title: l.letter.title,
        documentNumber: l.documentNumber,
        safeHtml: renderLetterHtml(l.letter, { id: `letter-${i + 1}`, headingLevel: 3 }),
        docxHref: `/apply/letter.docx?token=${encodeURIComponent(token)}&letter=${encodeURIComponent(l.id)}`,
      }));
    return sendPage(
      reply,
      StatusPage({
        agency: { id: found.detail.agencyId, name: agency?.name ?? '' },
        detail: found.detail,
        letters,
        token,
        csrfToken: web.csrf.token(request, reply),
        uploadLimit: limit,
        ...(options.notice ? { notice: options.notice } : {}),
        ...(options.problem ? { problem: options.problem } : {}),
        ...(options.supplement ? { supplement: options.supplement } : {}),
      }),
      options.status ?? 200,
    );
  }

  app.get(
    '/agencies/:id/apply',
    { config: { access: 'public' }, schema: { params: AgencyParams }, onRequest: privatePage },
    async (request, reply) => {
      const agency = await applyingAgency(request.params.id);
      return formPage(request, reply, agency, { ...DEFAULT_APPLY_VALUES }, []);
    },
  );

  app.post(
    '/agencies/:id/apply',
    {
      config: { access: 'public', rateLimit: APPLY_RATE_LIMIT },
      schema: { params: AgencyParams },
      onRequest: privatePage,
    },
    async (request, reply) => {
      const agency = await applyingAgency(request.params.id);
      const form = await readForm(request, [...APPLY_FIELDS, 'action'], 'idProof', limit);
      const values = applyValues(form.fields);
      if (form.fields.action === 'find') {
        // 先查找: nothing is submitted; the form comes back with what is already published.
        const hits = await searchByDescription(ctx.db, {
          agencyIds: [agency.id],
          kind: 'disclosure',
          text: values.description,
          documentNumber: values.documentNumber,
        });
        return formPage(request, reply, agency, values, [], 200, hits);
      }
      const fieldErrors = (problems: string[]) =>
        problems.map((message) => ({ field: problemField(message, values), message }));
      if (form.refusals.length > 0) {
        // Nothing is submitted; every other problem is named at once all the same.
        return formPage(
          request,
          reply,
          agency,
          values,
          [...form.refusals, ...fieldErrors(formProblems(values))],
          form.status,
        );
      }
      let result: Awaited<ReturnType<typeof submitOnlineApplication>>;
      try {
        result = await submitOnlineApplication(ctx, {
          agencyId: agency.id,
          applicant: toApplicant(values),
          request: toRequest(values),
          idProof: form.file,
        });
      } catch (error) {
        if (isDomainError(error) && error.code === 'input.invalid')
          return formPage(request, reply, agency, values, fieldErrors(problemsOf(error)), 400);
        if (isDomainError(error) && error.code === 'input.rate_limited')
          return formPage(
            request,
            reply,
            agency,
            values,
            [{ field: null, message: toErrorView(error).message }],
            429,
          );
        throw error;
      }
      const asked = normalizeRequest(toRequest(values));
      return sendPage(
        reply,
        ConfirmationPage({
          agency: { id: agency.id, name: agency.name },
          trackingNumber: result.trackingNumber,
          accessToken: result.accessToken,
          statusUrl: absoluteUrl(
            ctx.config,
            request,
            `${STATUS_HREF}?token=${encodeURIComponent(result.accessToken)}`,
          ),
          receivedOn: result.receivedOn,
          replyDue: result.replyDue,
          dueExplanation: result.dueExplanation,
          description: asked.description,
          deliveryFormLabel: DELIVERY_FORM_LABELS[asked.deliveryForm],
          deliveryChannelLabel: DELIVERY_CHANNEL_LABELS[asked.deliveryChannel],
        }),
      );
    },
  );

  app.get(
    STATUS_HREF,
    {
      config: { access: 'public', rateLimit: STATUS_RATE_LIMIT },
      schema: { querystring: TokenQuery },
      onRequest: privatePage,
    },
    async (request, reply) => {
      // A bare address (no 查询码 at all) leads to the form where it can be typed.
      if (request.query.token === undefined) return seeOther(reply, LOOKUP_HREF);
      return statusPage(request, reply, request.query.token);
    },
  );

  app.post(
    SUPPLEMENT_HREF,
    { config: { access: 'public', rateLimit: SUPPLEMENT_RATE_LIMIT }, onRequest: privatePage },
    async (request, reply) => {
      const form = await readForm(request, ['token', 'text'], 'file', limit);
      const token = form.fields.token ?? '';
      const text = form.fields.text ?? '';
      const found = await findApplicationByToken(ctx, token);
      if (!found) throw notFound();
      if (form.refusals.length > 0)
        return statusPage(request, reply, token, {
          supplement: { text, errors: form.refusals },
          status: form.status,
        });
      try {
        await submitSupplement(ctx, token, { text, file: form.file });
      } catch (error) {
        if (isDomainError(error) && error.code === 'input.invalid') {
          const errors = problemsOf(error).map((message) => ({
            field: (message.includes('文件') ? 'file' : 'text') as FieldError['field'],
            message,
          }));
          return statusPage(request, reply, token, { supplement: { text, errors }, status: 400 });
        }
        if (isDomainError(error) && error.code === 'conflict.state')
          return statusPage(request, reply, token, { problem: toErrorView(error).message, status: 409 });
        throw error;
      }
      return statusPage(request, reply, token, {
        notice: '已收到您的补正。答复期限自今日起重新计算，请留意本页的办理情况。',
      });
    },
  );

  app.get(
    '/apply/letter.docx',
    {
      config: { access: 'public', rateLimit: STATUS_RATE_LIMIT },
      schema: { querystring: LetterQuery },
      onRequest: privatePage,
    },
    async (request, reply) => {
      const { token, letter: letterId } = request.query;
      if (token === undefined) return seeOther(reply, LOOKUP_HREF);
      const found = await findApplicationByToken(ctx, token);
      if (!found || letterId === undefined) throw notFound();
      const letter = await findLetterOfApplication(db, found.row.id, letterId);
      if (!letter || !addressedToApplicant(letter.kind)) throw notFound();
      const body = await renderLetterDocx(letter.letter);
      return reply
        .type(DOCX_TYPE)
        .header(
          'content-disposition',
          contentDisposition(
            docxFilename(letter.kind, letter.documentNumber),
            `letter-${letter.issuedOn}.docx`,
          ),
        )
        .send(body);
    },
  );

  app.get(LOOKUP_HREF, { config: { access: 'public' }, onRequest: privatePage }, async (request, reply) =>
    sendPage(
      reply,
      LookupPage({
        csrfToken: web.csrf.token(request, reply),
        values: { trackingNumber: '', token: '' },
        errors: [],
      }),
    ),
  );

  app.post(
    LOOKUP_HREF,
    {
      config: { access: 'public', rateLimit: LOOKUP_RATE_LIMIT },
      schema: { body: LookupBody },
      onRequest: privatePage,
    },
    async (request, reply) => {
      const values: LookupValues = {
        trackingNumber: request.body.trackingNumber ?? '',
        token: request.body.token ?? '',
      };
      const page = (errors: FieldError[], status: number) =>
        sendPage(reply, LookupPage({ csrfToken: web.csrf.token(request, reply), values, errors }), status);
      const trackingNumber = normalizeTrackingNumber(values.trackingNumber).replace(/-/g, '');
      const token = values.token.trim();
      const missing: FieldError[] = [
        ...(trackingNumber === '' ? [{ field: 'trackingNumber' as const, message: '请填写申请编号。' }] : []),
        ...(token === '' ? [{ field: 'token' as const, message: '请填写查询码。' }] : []),
      ];
      if (missing.length > 0) return page(missing, 400);
      const found = await findApplicationByToken(ctx, token);
      if (!found || found.row.tracking_number.replace(/-/g, '') !== trackingNumber)
        return page(
          [{ field: null, message: '没有找到与该申请编号和查询码相符的申请，请核对后重新输入。' }],
          404,
        );
      return statusPage(request, reply, token);
    },
  );
}
