// The portal's 政务服务 (issue 7):
//   GET /agencies/:id/services                                  windows and items
//   GET /agencies/:id/services/items/:serviceItemId             an item's 办事指南
//   GET /agencies/:id/services/windows/:windowId[?from=qr]      a window (where its QR code leads)
//   GET /agencies/:id/services/{windows/:windowId,items/:serviceItemId}/qr       printable QR sheet
//   GET /agencies/:id/services/{windows/:windowId,items/:serviceItemId}/qr.svg   the code as a file
// Not in the page cache: a window closed or an item withdrawn in the back office is gone at once,
// and the listing says whether each window is open now. A withdrawn item, a closed window, another
// agency's record and a malformed id are all the same 404.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { getPublicAgency } from '../../agencies/index.ts';
import { DomainError } from '../../kernel/errors.ts';
import {
  openNow,
  publicServiceCatalogue,
  publicServiceItem,
  publicServiceWindow,
} from '../../services/index.ts';
import type { App, Web } from '../context.ts';
import { attachment } from '../office/application-routes.ts';
import { publicUrl } from '../public-url.ts';
import { qrSvg } from '../qr.ts';
import { sendPage } from '../render.ts';
import {
  QrSheetPage,
  ServiceItemPage,
  ServicesPage,
  ServiceWindowPage,
  serviceItemHref,
  serviceWindowHref,
} from './service-pages.tsx';

const Id = (title: string) => Type.String({ minLength: 1, maxLength: 100, title });
const AgencyParams = Type.Object({ id: Id('机构编号') });
const ItemParams = Type.Object({ id: Id('机构编号'), serviceItemId: Id('事项编号') });
const WindowParams = Type.Object({ id: Id('机构编号'), windowId: Id('窗口编号') });
const WindowQuery = Type.Object({ from: Type.Optional(Type.String({ maxLength: 20, title: '来源' })) });

function notFound(): DomainError {
  return new DomainError('access.not_found', 'no such service item or window');
}

export function registerServicePortalRoutes(app: App, web: Web): void {
  const { ctx } = web;
  const db = web.database.db;
  const config = { config: { access: 'public' as const } };

  async function agencyOf(id: string): Promise<{ id: string; name: string }> {
    const agency = await getPublicAgency(db, id);
    if (agency === null) throw notFound();
    return { id: agency.id, name: agency.name };
  }

  async function itemOf(agencyId: string, itemId: string) {
    const agency = await agencyOf(agencyId);
    const found = await publicServiceItem(db, agency.id, itemId);
    if (found === null) throw notFound();
    return { agency, ...found };
  }

  async function windowOf(agencyId: string, windowId: string) {
    const agency = await agencyOf(agencyId);
    const found = await publicServiceWindow(db, agency.id, windowId);
    if (found === null) throw notFound();
    return { agency, ...found };
  }

  /** The absolute address a code encodes: it is scanned on paper, away from this site. */
  const absolute = (request: FastifyRequest, path: string) => publicUrl(ctx.config, request, path);

  app.get(
    '/agencies/:id/services',
    { ...config, schema: { params: AgencyParams } },
    async (request, reply) => {
      const agency = await agencyOf(request.params.id);
      const catalogue = await publicServiceCatalogue(db, agency.id);
      const now = ctx.now();
      return sendPage(
        reply,
        ServicesPage({
          agency,
          windows: catalogue.windows.map((w) => ({ ...w, openNow: openNow(w.hours, now) })),
          items: catalogue.items,
        }),
      );
    },
  );

  app.get(
    '/agencies/:id/services/items/:serviceItemId',
    { ...config, schema: { params: ItemParams } },
    async (request, reply) => {
      const { agency, item, window } = await itemOf(request.params.id, request.params.serviceItemId);
      return sendPage(reply, ServiceItemPage({ agency, item, window }));
    },
  );

  app.get(
    '/agencies/:id/services/windows/:windowId',
    { ...config, schema: { params: WindowParams, querystring: WindowQuery } },
    async (request, reply) => {
      const { agency, window, items } = await windowOf(request.params.id, request.params.windowId);
      return sendPage(
        reply,
        ServiceWindowPage({
          agency,
          window,
          items,
          openNow: openNow(window.hours, ctx.now()),
          fromQr: request.query.from === 'qr',
        }),
      );
    },
  );

  app.get(
    '/agencies/:id/services/windows/:windowId/qr',
    { ...config, schema: { params: WindowParams } },
    async (request, reply) => {
      const { agency, window } = await windowOf(request.params.id, request.params.windowId);
      const back = serviceWindowHref(agency.id, window.id);
      const url = absolute(request, serviceWindowHref(agency.id, window.id, true));
      return sendPage(
        reply,
        QrSheetPage({
          agency,
          title: window.name,
          kind: 'window',
          backHref: back,
          url,
          safeSvg: qrSvg(url, `${window.name}的二维码`),
          svgHref: `${back}/qr.svg`,
          details: [
            { label: '位置', value: window.location },
            { label: '办公时间', value: window.hours },
            { label: '咨询电话', value: window.phone },
          ],
        }),
      );
    },
  );

  app.get(
    '/agencies/:id/services/items/:serviceItemId/qr',
    { ...config, schema: { params: ItemParams } },
    async (request, reply) => {
      const { agency, item, window } = await itemOf(request.params.id, request.params.serviceItemId);
      const back = serviceItemHref(agency.id, item.id);
      const url = absolute(request, back);
      return sendPage(
        reply,
        QrSheetPage({
          agency,
          title: item.name,
          kind: 'item',
          backHref: back,
          url,
          safeSvg: qrSvg(url, `${item.name}的二维码`),
          svgHref: `${back}/qr.svg`,
          details: [
            { label: '办理窗口', value: window ? `${window.name}（${window.location}）` : item.window },
            ...(window ? [{ label: '办公时间', value: window.hours }] : []),
            { label: '咨询电话', value: item.phone },
          ],
        }),
      );
    },
  );

  function sendSvg(reply: FastifyReply, svg: string, name: string): FastifyReply {
    return reply
      .type('image/svg+xml; charset=utf-8')
      .header('content-disposition', attachment(`${name}二维码.svg`))
      .send(`<?xml version="1.0" encoding="UTF-8"?>\n${svg}`);
  }

  app.get(
    '/agencies/:id/services/windows/:windowId/qr.svg',
    { ...config, schema: { params: WindowParams } },
    async (request, reply) => {
      const { agency, window } = await windowOf(request.params.id, request.params.windowId);
      const url = absolute(request, serviceWindowHref(agency.id, window.id, true));
      return sendSvg(reply, qrSvg(url, `${window.name}的二维码`), window.name);
    },
  );

  app.get(
    '/agencies/:id/services/items/:serviceItemId/qr.svg',
    { ...config, schema: { params: ItemParams } },
    async (request, reply) => {
      const { agency, item } = await itemOf(request.params.id, request.params.serviceItemId);
      const url = absolute(request, serviceItemHref(agency.id, item.id));
      return sendSvg(reply, qrSvg(url, `${item.name}的二维码`), item.name);
    },
  );
}
