// 办件登记 in the back office (role 政务服务 or admin on the agency):
//   GET  /office/agencies/:id/service-events   the form and the latest 办件
//   POST /office/agencies/:id/service-events   register one: 200 with the printable receipt (the
//                                              评价码, the rating link and its QR code), never a
//                                              redirect — the code must not travel in a URL.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { loadAgencyTree } from '../../agencies/index.ts';
import { DomainError } from '../../kernel/errors.ts';
import {
  FEEDBACK_CLERK_ROLES,
  formatRatingCode,
  isServiceEventChannel,
  listRecentServiceEvents,
  registerServiceEvent,
  serviceChoicesFor,
} from '../../services/index.ts';
import { requireStaff } from '../access.ts';
import type { App, Web } from '../context.ts';
import { publicUrl } from '../public-url.ts';
import { qrSvg } from '../qr.ts';
import { sendPage } from '../render.ts';
import { chrome, errorLines, expected } from './chrome.ts';
import {
  type AgencyRef,
  type ServiceEventFormValues,
  ServiceEventsPage,
  ServiceReceiptPage,
} from './service-event-pages.tsx';

const Id = (title: string) => Type.String({ minLength: 1, maxLength: 100, title });
const AgencyParams = Type.Object({ id: Id('机构编号') });
const S = (maxLength: number, title: string) => Type.Optional(Type.String({ maxLength, title }));
const EventBody = Type.Object({ item: S(100, '事项'), channel: S(20, '办理方式'), window: S(100, '窗口') });

export function registerServiceEventRoutes(app: App, web: Web): void {
  const { ctx } = web;
  const db = web.database.db;
  const clerks = { agencyParam: 'id', roles: FEEDBACK_CLERK_ROLES };

  async function agencyOf(id: string): Promise<AgencyRef> {
    const node = (await loadAgencyTree(db)).nodes.get(id);
    if (!node) throw new DomainError('access.not_found', 'no such agency');
    return { id: node.id, name: node.name };
  }

  async function formPage(
    request: FastifyRequest,
    reply: FastifyReply,
    agencyId: string,
    values: ServiceEventFormValues,
    errors: string[] = [],
    status = 200,
  ) {
    const agency = await agencyOf(agencyId);
    const principal = requireStaff(request);
    return sendPage(
      reply,
      ServiceEventsPage({
        chrome: await chrome(web, request, reply),
        agency,
        choices: await serviceChoicesFor(ctx, principal, agency.id),
        values,
        recent: await listRecentServiceEvents(ctx, principal, agency.id),
        errors,
      }),
      status,
    );
  }

  app.get(
    '/office/agencies/:id/service-events',
    { config: { access: clerks }, schema: { params: AgencyParams } },
    async (request, reply) =>
      formPage(request, reply, request.params.id, { item: '', channel: 'window', window: '' }),
  );

  app.post(
    '/office/agencies/:id/service-events',
    { config: { access: clerks }, schema: { params: AgencyParams, body: EventBody } },
    async (request, reply) => {
      const agencyId = request.params.id;
      const values: ServiceEventFormValues = {
        item: request.body.item ?? '',
        channel: request.body.channel ?? '',
        window: request.body.window ?? '',
      };
      const problems: string[] = [];
      if (values.item === '') problems.push('请选择办理的事项');
      if (!isServiceEventChannel(values.channel)) problems.push('请选择办理方式（窗口办理或网上办理）');
      if (problems.length > 0)
        return formPage(request, reply, agencyId, values, ['办件未登记：', ...problems], 400);
      let event: Awaited<ReturnType<typeof registerServiceEvent>>;
      try {
        event = await registerServiceEvent(ctx, requireStaff(request), {
          agencyId,
          itemId: values.item,
          channel: values.channel as 'window' | 'online',
          windowId: values.channel === 'window' && values.window !== '' ? values.window : null,
        });
      } catch (error) {
        const view = expected(error, ['input.invalid']);
        return formPage(request, reply, agencyId, values, ['办件未登记：', ...errorLines(view)], view.status);
      }
      const path = `/agencies/${encodeURIComponent(agencyId)}/services/rate?code=${event.code}`;
      const rateUrl = publicUrl(ctx.config, request, path);
      // The code on paper is read by a phone: the QR link says so (source qr in the statistics).
      const qrUrl = `${rateUrl}&from=qr`;
      reply.header('cache-control', 'no-store');
      reply.header('referrer-policy', 'no-referrer');
      return sendPage(
        reply,
        ServiceReceiptPage({
          chrome: await chrome(web, request, reply),
          agency: await agencyOf(agencyId),
          event,
          printedCode: formatRatingCode(event.code),
          rateUrl,
          safeQr: qrSvg(qrUrl, `二维码：${qrUrl}`),
        }),
      );
    },
  );
}
