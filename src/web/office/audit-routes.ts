// GET /office/agencies/:id/audit (page) and /office/agencies/:id/audit.csv (export), for auditors.
import { Type } from 'typebox';
import { AUDIT_PAGE_SIZE, browseAuditLog, exportAuditLogCsv, getPublicAgency } from '../../agencies/index.ts';
import { requireStaff } from '../access.ts';
import type { App, Web } from '../context.ts';
import { sendPage } from '../render.ts';
import { AuditLogPage } from './audit-pages.tsx';
import { chrome } from './chrome.ts';

const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, title: '机构编号' }) });
// Empty strings come from an unfilled date input.
const OptionalDate = (title: string) =>
  Type.Optional(Type.String({ pattern: '^(\\d{4}-\\d{2}-\\d{2})?$', title }));
const Query = Type.Object({
  from: OptionalDate('起始日期'),
  to: OptionalDate('截止日期'),
  action: Type.Optional(Type.String({ maxLength: 100, title: '操作' })),
  beforeSeq: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, title: '序号' })),
});

function filters(query: { from?: string; to?: string; action?: string }) {
  return {
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    ...(query.action?.trim() ? { action: query.action.trim() } : {}),
  };
}

export function registerAuditRoutes(app: App, web: Web): void {
  const { ctx } = web;
  const access = { agencyParam: 'id', roles: ['auditor'] } as const;

  app.get(
    '/office/agencies/:id/audit',
    { config: { access }, schema: { params: Params, querystring: Query } },
    async (request, reply) => {
      const principal = requireStaff(request);
      const shown = filters(request.query);
      const rows = await browseAuditLog(ctx, principal, {
        agencyId: request.params.id,
        ...shown,
        ...(request.query.beforeSeq !== undefined ? { beforeSeq: request.query.beforeSeq } : {}),
        limit: AUDIT_PAGE_SIZE,
      });
      const agency = await getPublicAgency(web.database.db, request.params.id);
      return sendPage(
        reply,
        AuditLogPage({
          chrome: await chrome(web, request, reply),
          agency: { id: request.params.id, name: agency?.name ?? '' },
          filters: shown,
          rows,
          nextBeforeSeq: rows.length === AUDIT_PAGE_SIZE ? rows.at(-1)!.seq : null,
        }),
      );
    },
  );

  app.get(
    '/office/agencies/:id/audit.csv',
    { config: { access }, schema: { params: Params, querystring: Query } },
    async (request, reply) => {
      const principal = requireStaff(request);
      const csv = await exportAuditLogCsv(ctx, principal, {
        agencyId: request.params.id,
        ...filters(request.query),
      });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${request.params.id}.csv"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  );
}
