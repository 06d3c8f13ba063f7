// The public portal: `/` lists the agencies, `/agencies/:id` is an agency's 政府信息公开 home.
import { Type } from 'typebox';
import { getPublicAgency, listPublicAgencies } from '../../agencies/index.ts';
import { DomainError } from '../../kernel/errors.ts';
import type { App, Web } from '../context.ts';
import { sendPage } from '../render.ts';
import { availableColumns } from './columns.ts';
import { AgencyPage, HomePage } from './pages.tsx';

export const AgencyParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100, title: '机构编号' }),
});

export function registerPortal(app: App, web: Web): void {
  const db = web.database.db;

  app.get('/', { config: { access: 'public' } }, async (_request, reply) => {
    return sendPage(reply, HomePage({ agencies: await listPublicAgencies(db) }));
  });

  app.get(
    '/agencies/:id',
    { config: { access: 'public' }, schema: { params: AgencyParams } },
    async (request, reply) => {
      const agency = await getPublicAgency(db, request.params.id);
      if (agency === null) throw new DomainError('access.not_found', 'no such agency');
      const all = await listPublicAgencies(db);
      const parent = agency.parentId === null ? null : (all.find((a) => a.id === agency.parentId) ?? null);
      const subAgencies = all.filter((a) => a.parentId === agency.id);
      return sendPage(
        reply,
        AgencyPage({ agency, parent, subAgencies, columns: availableColumns(agency.id) }),
      );
    },
  );
}
