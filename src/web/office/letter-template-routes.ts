// The back-office editor of an agency's letter templates (handlers and approvers of the agency).
import { Type } from 'typebox';
import { getPublicAgency } from '../../agencies/index.ts';
import { listLetterTemplates, saveLetterTemplate, TEMPLATE_EDITOR_ROLES } from '../../applications/index.ts';
import { isLetterKind } from '../../applications/letters/index.ts';
import { DomainError } from '../../kernel/errors.ts';
import { requireStaff } from '../access.ts';
import type { App, Web } from '../context.ts';
import { seeOther, sendPage } from '../render.ts';
import { chrome, errorLines, expected } from './chrome.ts';
import {
  LetterTemplateEditPage,
  LetterTemplatesPage,
  letterTemplatesHref,
} from './letter-template-pages.tsx';

const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, title: '机构编号' }) });
const Query = Type.Object({
  kind: Type.Optional(Type.String({ maxLength: 40 })),
  done: Type.Optional(Type.String({ maxLength: 20 })),
});
const Body = Type.Object({
  kind: Type.String({ maxLength: 40, title: '文书类型' }),
  body: Type.Optional(Type.String({ maxLength: 20_000, title: '模板正文' })),
  action: Type.Optional(Type.Enum(['save', 'reset'])),
});

export function registerLetterTemplateRoutes(app: App, web: Web): void {
  const { ctx } = web;
  const access = { agencyParam: 'id', roles: TEMPLATE_EDITOR_ROLES };

  async function agencyOf(id: string) {
    const agency = await getPublicAgency(ctx.db, id);
    if (!agency) throw new DomainError('access.not_found', 'no such agency');
    return { id: agency.id, name: agency.name };
  }

  app.get(
    '/office/agencies/:id/letter-templates',
    { config: { access }, schema: { params: Params, querystring: Query } },
    async (request, reply) => {
      const principal = requireStaff(request);
      const agency = await agencyOf(request.params.id);
      const templates = await listLetterTemplates(ctx, principal, agency.id);
      const kind = request.query.kind;
      if (kind !== undefined) {
        const template = isLetterKind(kind) ? templates.find((t) => t.kind === kind) : undefined;
        if (!template) throw new DomainError('access.not_found', 'no such letter kind');
        return sendPage(
          reply,
          LetterTemplateEditPage({ chrome: await chrome(web, request, reply), agency, template }),
        );
      }
      const notice =
        request.query.done === 'saved'
          ? '模板已保存，今后生成的文书按新模板。'
          : request.query.done === 'reset'
            ? '已恢复默认模板。'
            : undefined;
      return sendPage(
        reply,
        LetterTemplatesPage({
          chrome: await chrome(web, request, reply),
          agency,
          templates,
          ...(notice ? { notice } : {}),
        }),
      );
    },
  );

  app.post(
    '/office/agencies/:id/letter-templates',
    { config: { access }, schema: { params: Params, body: Body } },
    async (request, reply) => {
      const principal = requireStaff(request);
      const agency = await agencyOf(request.params.id);
      const { kind, body, action } = request.body;
      const reset = action === 'reset';
      try {
        await saveLetterTemplate(ctx, principal, agency.id, kind, reset ? null : (body ?? ''));
      } catch (error) {
        const view = expected(error, ['input.invalid']);
        const templates = await listLetterTemplates(ctx, principal, agency.id);
        const template = isLetterKind(kind) ? templates.find((t) => t.kind === kind) : undefined;
        if (!template) throw error;
        return sendPage(
          reply,
          LetterTemplateEditPage({
            chrome: await chrome(web, request, reply),
            agency,
            template,
            body: body ?? '',
            errors: errorLines(view),
          }),
          view.status,
        );
      }
      return seeOther(reply, `${letterTemplatesHref(agency.id)}?done=${reset ? 'reset' : 'saved'}`);
    },
  );
}
