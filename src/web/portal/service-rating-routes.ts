// 办事评价 on the portal:
//   GET  /agencies/:id/services/rate[?code=…&window=…&from=qr]   the form (code prefilled from the
//        receipt's link or QR code; the window named when opened from a window's page)
//   POST /agencies/:id/services/rate                             rate once with the 评价码
// The POST is limited per address against guessing (RATING_GUESS_LIMIT): wrong codes are what is
// counted, so a hall whose citizens share one address rates freely while guessing stays hopeless.
// Neither page is cached, stored or referred: the code is a secret of the receipt's holder.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { getPublicAgency } from '../../agencies/index.ts';
import { DomainError, isDomainError } from '../../kernel/errors.ts';
import {
  formatRatingCode,
  normalizeRatingCode,
  publicServiceChoices,
  type RatingSource,
  rateService,
  unknownCode,
} from '../../services/index.ts';
import type { App, Web } from '../context.ts';
import { toErrorView } from '../errors.ts';
import { createGuessLimiter, RATING_GUESS_LIMIT } from '../rate-limits.ts';
import { sendPage } from '../render.ts';
// The form holds the receipt's code: never stored by a browser cache, never sent as a Referer.
import { privatePage } from '../security.ts';
import { fieldErrorsOf, type PortalFieldError } from './service-rating-fields.tsx';
import { RatedPage, RateFormPage, type RateFormValues } from './service-rating-pages.tsx';

const AgencyParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, title: '机构编号' }) });
const S = (maxLength: number, title: string) => Type.Optional(Type.String({ maxLength, title }));
const RateQuery = Type.Object({ code: S(100, '评价码'), window: S(100, '窗口'), from: S(20, '来源') });
const RateBody = Type.Object({
  code: S(100, '评价码'),
  level: S(40, '满意程度'),
  reason: S(4000, '评价理由'),
  window: S(100, '窗口'),
  from: S(20, '来源'),
});

/** The refusal of a well-formed code that names no 办件 of the agency: the only outcome that is a wrong guess. */
const UNKNOWN_CODE_MESSAGE = unknownCode().message;

export function registerServiceRatingRoutes(app: App, web: Web): void {
  const { ctx } = web;
  const db = web.database.db;
  // One limiter per app, on the app's clock (tests move it); in this process's memory only.
  const guesses = createGuessLimiter({ ...RATING_GUESS_LIMIT, now: () => ctx.now().getTime() });

  async function agencyOf(id: string): Promise<{ id: string; name: string }> {
    const agency = await getPublicAgency(db, id);
    if (agency === null) throw new DomainError('access.not_found', 'no such agency');
    return { id: agency.id, name: agency.name };
  }

  /** The window's name when it is an open window of the agency; anything else is ignored. */
  async function windowName(agencyId: string, windowId: string): Promise<string | null> {
    if (windowId === '') return null;
    const { windows } = await publicServiceChoices(db, agencyId);
    return windows.find((w) => w.id === windowId)?.name ?? null;
  }

  async function formPage(
    request: FastifyRequest,
    reply: FastifyReply,
    agency: { id: string; name: string },
    values: RateFormValues,
    errors: PortalFieldError[],
    status = 200,
  ) {
    const name = await windowName(agency.id, values.window);
    return sendPage(
      reply,
      RateFormPage({
        agency,
        csrfToken: web.csrf.token(request, reply),
        values: { ...values, window: name === null ? '' : values.window },
        windowName: name,
        errors,
      }),
      status,
    );
  }

  app.get(
    '/agencies/:id/services/rate',
    {
      config: { access: 'public' },
      schema: { params: AgencyParams, querystring: RateQuery },
      onRequest: privatePage,
    },
    async (request, reply) => {
      const agency = await agencyOf(request.params.id);
      const q = request.query;
      // A code from the receipt is shown as printed; anything else as it came (the form says what is wrong).
      const code = normalizeRatingCode(q.code ?? '');
      return formPage(
        request,
        reply,
        agency,
        {
          code: code === null ? (q.code ?? '') : formatRatingCode(code),
          level: '',
          reason: '',
          from: q.from === 'qr' ? 'qr' : '',
          window: q.window ?? '',
        },
        [],
      );
    },
  );

  app.post(
    '/agencies/:id/services/rate',
    {
      config: { access: 'public' },
      schema: { params: AgencyParams, body: RateBody },
      onRequest: privatePage,
    },
    async (request, reply) => {
      const agency = await agencyOf(request.params.id);
      const b = request.body;
      const values: RateFormValues = {
        code: b.code ?? '',
        level: b.level ?? '',
        reason: b.reason ?? '',
        from: b.from === 'qr' ? 'qr' : '',
        window: b.window ?? '',
      };
      const source: RatingSource = values.from === 'qr' ? 'qr' : 'portal';
      const admission = guesses.admit(request.ip);
      if (!admission.ok)
        throw new DomainError('input.rate_limited', 'too many wrong rating codes', {
          retryAfter: admission.retryAfterSeconds,
        });
      let wrong = false;
      try {
        const rated = await rateService(ctx, {
          agencyId: agency.id,
          code: values.code,
          level: values.level,
          reason: values.reason,
          source,
        });
        return sendPage(
          reply,
          RatedPage({ agency, level: rated.level, itemName: rated.itemName, windowName: rated.windowName }),
        );
      } catch (error) {
        if (!isDomainError(error) || !['input.invalid', 'conflict.exists'].includes(error.code)) throw error;
        wrong = error.message === UNKNOWN_CODE_MESSAGE;
        const view = toErrorView(error);
        return formPage(request, reply, agency, values, fieldErrorsOf(error), view.status);
      } finally {
        admission.attempt.settle(wrong);
      }
    },
  );
}
