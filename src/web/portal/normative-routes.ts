// GET /agencies/:id/normative — the agency's 规章 and 行政规范性文件 on the portal. Not in the page
// cache: a 废止 recorded in the back office shows at once.
import { Type } from 'typebox';
import { getPublicAgency } from '../../agencies/index.ts';
import { shanghaiDate } from '../../kernel/civil-date.ts';
import { DomainError } from '../../kernel/errors.ts';
import { listPublicDocuments } from '../../normative/index.ts';
import type { App, Web } from '../context.ts';
import { sendPage } from '../render.ts';
import { PublicNormativePage } from './normative-pages.tsx';

const AgencyParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, title: '机构编号' }) });

export function registerNormativePortalRoutes(app: App, web: Web): void {
  const { ctx } = web;
  const db = web.database.db;
  app.get(
    '/agencies/:id/normative',
    { config: { access: 'public' }, schema: { params: AgencyParams } },
    async (request, reply) => {
      const agency = await getPublicAgency(db, request.params.id);
      if (agency === null) throw new DomainError('access.not_found', 'no such agency');
      const documents = await listPublicDocuments(db, agency.id, shanghaiDate(ctx.now()));
      return sendPage(
        reply,
        PublicNormativePage({ agency: { id: agency.id, name: agency.name }, documents }),
      );
    },
  );
}
