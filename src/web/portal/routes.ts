// The public portal: `/` lists the agencies, `/agencies/:id` is an agency's 政府信息公开 home.

import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { getPublicAgency, listPublicAgencies } from '../../agencies/index.ts';
import { DomainError } from '../../kernel/errors.ts';
import type { App, Web } from '../context.ts';
import { registerApplyRoutes } from './apply-routes.ts';
import { registerColumnRoutes } from './column-routes.ts';
import { availableColumns } from './columns.ts';
import { registerComplaintPortalRoutes } from './complaint-routes.ts';
import { registerFeedRoutes } from './feed-routes.ts';
import { registerItemRoutes } from './item-routes.ts';
import { registerNormativePortalRoutes } from './normative-routes.ts';
import { createPageCache } from './page-cache.ts';
import { AgencyPage, HomePage } from './pages.tsx';
import { registerPreferenceRoutes } from './preferences-routes.ts';
import { registerReportPortalRoutes } from './report-routes.ts';
import { registerServiceRatingRoutes } from './service-rating-routes.ts';
import { registerServicePortalRoutes } from './service-routes.ts';

export const AgencyParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100, title: '机构编号' }),
});

export function registerPortal(app: App, web: Web): void {
  registerPreferenceRoutes(app, web);
  const db = web.database.db;
  const cache = createPageCache();
  web.frontPages.add(cache);
  app.addHook('onClose', async () => cache.close());

  function sendHtml(reply: FastifyReply, html: Buffer): FastifyReply {
    return reply.type('text/html; charset=utf-8').send(html);
  }

  app.get('/', { config: { access: 'public' } }, async (_request, reply) => {
    const html = await cache.get('/', async () => HomePage({ agencies: await listPublicAgencies(db) }));
    return sendHtml(reply, html);
  });

  app.get(
    '/agencies/:id',
    { config: { access: 'public' }, schema: { params: AgencyParams } },
    async (request, reply) => {
      const id = request.params.id;
      const html = await cache.get(`/agencies/${id}`, async () => {
        const agency = await getPublicAgency(db, id);
        if (agency === null) throw new DomainError('access.not_found', 'no such agency');
        const all = await listPublicAgencies(db);
        const parent = agency.parentId === null ? null : (all.find((a) => a.id === agency.parentId) ?? null);
        const subAgencies = all.filter((a) => a.parentId === agency.id);
        return AgencyPage({ agency, parent, subAgencies, columns: availableColumns(agency) });
      });
      return sendHtml(reply, html);
    },
  );

  registerApplyRoutes(app, web);
  registerItemRoutes(app, web);
  registerColumnRoutes(app, web, cache);
  registerFeedRoutes(app, web);
  registerNormativePortalRoutes(app, web);
  registerReportPortalRoutes(app, web);
  registerServiceRatingRoutes(app, web);
  registerComplaintPortalRoutes(app, web);
  registerServicePortalRoutes(app, web);
}
