// The supervisor's dashboard of annual reports (监督 or 负责人 of the supervising agency):
//   GET /office/agencies/:id/supervision[?year=]               the dashboard (last year by default)
//   GET /office/agencies/:id/supervision/export.xlsx[?year=]   everything on it as an Excel workbook
// The subtree's agencies the user cannot read are left out; another agency's dashboard is 404.
import { Type } from 'typebox';
import { loadAgencyTree, subtreeIds, visibleAgencyIds } from '../../agencies/index.ts';
import {
  SUPERVISION_ROLES,
  type SupervisionDashboard,
  supervisionDashboardOf,
} from '../../annual-reports/index.ts';
import { shanghaiDate } from '../../kernel/civil-date.ts';
import { DomainError } from '../../kernel/errors.ts';
import { addStatistics, serviceStatisticsOf } from '../../services/index.ts';
import { requireStaff } from '../access.ts';
import type { App, Web } from '../context.ts';
import { sendPage } from '../render.ts';
import { attachment } from './application-routes.ts';
import { chrome } from './chrome.ts';
import { type ServiceFigures, SupervisionPage } from './supervision-pages.tsx';
import { supervisionWorkbook } from './supervision-xlsx.ts';

const AgencyParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, title: '机构编号' }) });
const YearQuery = Type.Object({ year: Type.Optional(Type.String({ maxLength: 10, title: '年度' })) });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The year asked for, or last year (the year whose reports are due now). */
function yearOf(text: string | undefined, today: string): number {
  if (text === undefined || text.trim() === '') return Number(today.slice(0, 4)) - 1;
  if (!/^\d{4}$/.test(text.trim())) {
    const message = '年度应为四位数字的年份，如 2024。';
    throw new DomainError('input.invalid', message, { userMessage: message });
  }
  return Number(text.trim());
}

export function registerSupervisionRoutes(app: App, web: Web): void {
  const { ctx } = web;
  const access = { agencyParam: 'id', roles: SUPERVISION_ROLES };

  async function dashboardOf(
    id: string,
    year: string | undefined,
    principal: ReturnType<typeof requireStaff>,
  ) {
    return supervisionDashboardOf(ctx, principal, id, yearOf(year, shanghaiDate(ctx.now())));
  }

  /**
   * The service hall of the agency and of every agency below it the user may read — villages too:
   * they publish no annual report (not among the dashboard's lines) but keep 村级 service items.
   */
  async function serviceFiguresOf(
    dashboard: SupervisionDashboard,
    principal: ReturnType<typeof requireStaff>,
  ): Promise<ServiceFigures> {
    const readable = await visibleAgencyIds(ctx, principal);
    const below = subtreeIds(await loadAgencyTree(ctx.db), dashboard.agency.id).filter((id) =>
      readable.has(id),
    );
    const ids = [dashboard.agency.id, ...below.filter((id) => id !== dashboard.agency.id)];
    const statistics = await serviceStatisticsOf(ctx.db, ids, dashboard.year, ctx.now());
    return {
      agency: statistics.get(dashboard.agency.id)!,
      subtree: addStatistics([...statistics.values()]),
    };
  }

  app.get(
    '/office/agencies/:id/supervision',
    { config: { access }, schema: { params: AgencyParams, querystring: YearQuery } },
    async (request, reply) => {
      const principal = requireStaff(request);
      const dashboard: SupervisionDashboard = await dashboardOf(
        request.params.id,
        request.query.year,
        principal,
      );
      const services = await serviceFiguresOf(dashboard, principal);
      return sendPage(
        reply,
        SupervisionPage({ chrome: await chrome(web, request, reply), dashboard, services }),
      );
    },
  );

  app.get(
    '/office/agencies/:id/supervision/export.xlsx',
    { config: { access }, schema: { params: AgencyParams, querystring: YearQuery } },
    async (request, reply) => {
      const principal = requireStaff(request);
      const dashboard = await dashboardOf(request.params.id, request.query.year, principal);
      const bytes = await supervisionWorkbook(dashboard, await serviceFiguresOf(dashboard, principal));
      return reply
        .header('content-type', XLSX)
        .header(
          'content-disposition',
          attachment(`${dashboard.agency.name}${dashboard.year}年度年报监督.xlsx`),
        )
        .header('cache-control', 'no-store')
        .send(bytes);
    },
  );
}
