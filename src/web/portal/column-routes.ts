// The standard columns of an agency's 政府信息公开 home:
//   GET /agencies/:id/guide            政府信息公开指南 (条例第十二条), from the agency's settings
//   GET /agencies/:id/rules            政府信息公开制度: the national rules and the agency's own
//   GET /agencies/:id/statutory        法定主动公开内容 (条例第二十、二十一条) with counts
//   GET /agencies/:id/annual-reports   政府信息公开工作年度报告 (the published reports by year, and
//                                      published items titled 年度报告; report-routes.ts has each report)
// The guide changes with the agency's settings only and is kept in the page cache; the other three
// list published items and, like the catalogue, are not cached (a withdrawn item is gone at once).
import { Type } from 'typebox';
import { getPublicAgency, type PublicAgency } from '../../agencies/index.ts';
import { receivesApplications } from '../../applications/index.ts';
import {
  buildGuide,
  countPublishedByCategory,
  listCatalogue,
  listPublishedItems,
  registeredChannels,
} from '../../disclosures/index.ts';
import { DomainError } from '../../kernel/errors.ts';
import type { App, Web } from '../context.ts';
import { sendPage } from '../render.ts';
import { GuidePage, normativeHref, RulesPage, type StatutoryGroup, StatutoryPage } from './guide-pages.tsx';
import type { PageCache } from './page-cache.ts';
import { annualReportsColumn } from './report-routes.ts';

const AgencyParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, title: '机构编号' }) });

/** A category of the agency's own that holds its 公开制度. */
const RULES_CATEGORY = /公开制度/;
/** The most of the agency's own rules listed on the page; the rest are in the catalogue. */
const RULES_SHOWN = 100;

export function registerColumnRoutes(app: App, web: Web, cache: PageCache): void {
  const { ctx } = web;
  const db = web.database.db;

  async function publicAgency(id: string): Promise<PublicAgency> {
    const agency = await getPublicAgency(db, id);
    if (agency === null) throw new DomainError('access.not_found', 'no such agency');
    return agency;
  }

  const options = { config: { access: 'public' as const }, schema: { params: AgencyParams } };

  app.get('/agencies/:id/guide', options, async (request, reply) => {
    const id = request.params.id;
    const html = await cache.get(`/agencies/${id}/guide`, async () => {
      const agency = await publicAgency(id);
      const parent = agency.parentId === null ? null : await getPublicAgency(db, agency.parentId);
      const applyHref = receivesApplications(agency.kind)
        ? `/agencies/${encodeURIComponent(agency.id)}/apply`
        : null;
      const guide = buildGuide({
        agency,
        parent,
        categories: await listCatalogue(db, agency.id),
        channels: await registeredChannels(db, agency.id),
        applyHref: applyHref ?? '',
      });
      return GuidePage({ agency: { id: agency.id, name: agency.name }, guide, applyHref });
    });
    return reply.type('text/html; charset=utf-8').send(html);
  });

  app.get('/agencies/:id/rules', options, async (request, reply) => {
    const agency = await publicAgency(request.params.id);
    const category = (await listCatalogue(db, agency.id)).find(
      (c) => !c.hidden && RULES_CATEGORY.test(c.name),
    );
    let own = null;
    if (category !== undefined) {
      const list = await listPublishedItems(ctx, {
        agencyId: agency.id,
        categoryCode: category.code,
        pageSize: RULES_SHOWN,
      });
      own = { categoryName: category.name, categoryCode: category.code, items: list.items };
    }
    return sendPage(reply, RulesPage({ agency: { id: agency.id, name: agency.name }, own }));
  });

  app.get('/agencies/:id/statutory', options, async (request, reply) => {
    const agency = await publicAgency(request.params.id);
    const catalogue = await listCatalogue(db, agency.id);
    const counts = await countPublishedByCategory(db, agency.id, ctx.now());
    const groups: StatutoryGroup[] = [];
    for (const c of catalogue) {
      if (c.hidden || (c.group !== 'statutory' && c.group !== 'local')) continue;
      const entry = { code: c.code, name: c.name, basis: c.basis, count: counts.get(c.code) ?? 0 };
      const last = groups.at(-1);
      if (last && last.label === c.groupLabel) (last.categories as (typeof entry)[]).push(entry);
      else groups.push({ label: c.groupLabel, categories: [entry] });
    }
    // The 规范性文件 register is another column's route: linked once it exists.
    const normative = app.hasRoute({ method: 'GET', url: '/agencies/:id/normative' })
      ? normativeHref(agency.id)
      : null;
    return sendPage(
      reply,
      StatutoryPage({ agency: { id: agency.id, name: agency.name }, groups, normativeHref: normative }),
    );
  });

  app.get('/agencies/:id/annual-reports', options, async (request, reply) => {
    const agency = await publicAgency(request.params.id);
    return sendPage(reply, await annualReportsColumn(web, agency));
  });
}
