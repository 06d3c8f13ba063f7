// The 微信公众号 export of a published or approved item, for the agency's editors and approvers:
//   GET /office/agencies/:id/items/:itemId/wechat       the page: preview, source, download link
//   GET /office/agencies/:id/items/:itemId/wechat.html  the fragment as a document (?download=1: a file)
// A published item is exported as the portal shows it (absolute links to its page and files); an
// approved one not yet public, from its approved version (attachments by name only). Anything
// else answers 409 with a sentence. The fragment's own response allows inline styles and nothing
// else (no script, no request anywhere but images), and may be framed by our own page only.
//
// Also here: the log line of an attachment whose text could not be read for search
// (src/disclosures/attachment-text.ts reports on a diagnostics channel, ids only).
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Role } from '../../agencies/index.ts';
import {
  attachmentTextFailures,
  getItem,
  getPublishedItem,
  type StaffItemView,
  type WechatExportInput,
  wechatDocument,
  wechatFragment,
} from '../../disclosures/index.ts';
import { DomainError, isDomainError } from '../../kernel/errors.ts';
import { requireStaff } from '../access.ts';
import type { App, Web } from '../context.ts';
import { itemHref } from '../portal/item-pages.tsx';
import { publicBaseUrl } from '../public-url.ts';
import { sendPage } from '../render.ts';
import { contentSecurityPolicyHeader } from '../security.ts';
import { chrome } from './chrome.ts';
import { WechatExportPage } from './item-export-pages.tsx';

export const WECHAT_EXPORT_ROLES: readonly Role[] = ['editor', 'approver'];

const Id = (title: string) => Type.String({ minLength: 1, maxLength: 100, title });
const Params = Type.Object({ id: Id('机构编号'), itemId: Id('信息编号') });
const FileQuery = Type.Object({ download: Type.Optional(Type.String({ maxLength: 5, title: '下载' })) });

/** The fragment's response: inline styles and images only, framed by our pages only. */
const FRAGMENT_CSP =
  "default-src 'none';style-src 'unsafe-inline';img-src http: https: data:;base-uri 'none';form-action 'none';frame-ancestors 'self';sandbox";

function notFound(): DomainError {
  return new DomainError('access.not_found', 'no such item');
}

export function registerItemExportRoutes(app: App, web: Web): void {
  const { ctx } = web;
  const access = { agencyParam: 'id', roles: WECHAT_EXPORT_ROLES };

  const logFailure = (message: unknown) => app.log.warn(message as object, 'attachment text not indexed');
  subscribe(attachmentTextFailures.name, logFailure);
  app.addHook('onClose', async () => {
    unsubscribe(attachmentTextFailures.name, logFailure);
  });

  /** The item as staff see it, if it is the agency's; 404 otherwise (never 403: the path is wrong). */
  async function itemOf(request: FastifyRequest, agencyId: string, itemId: string): Promise<StaffItemView> {
    try {
      const view = await getItem(ctx, requireStaff(request), itemId);
      if (view.agencyId !== agencyId) throw notFound();
      return view;
    } catch (error) {
      if (isDomainError(error) && (error.code === 'access.forbidden' || error.code === 'access.not_found'))
        throw notFound();
      throw error;
    }
  }

  async function exportOf(
    request: FastifyRequest,
    agencyId: string,
    itemId: string,
  ): Promise<{ input: WechatExportInput; isPublic: boolean }> {
    const view = await itemOf(request, agencyId, itemId);
    const base = publicBaseUrl(ctx.config, request);
    if (view.publicVersion !== null) {
      const item = await getPublishedItem(ctx, { itemId, agencyId });
      const page = `${base}${itemHref(agencyId, itemId)}`;
      return {
        isPublic: true,
        input: {
          title: item.title,
          indexNumber: item.indexNumber || null,
          agencyName: item.agencyName,
          formedOn: item.formedOn,
          documentNumber: item.documentNumber,
          publishedOn: item.publishedOn,
          bodyHtml: item.bodyHtml,
          attachments: item.attachments.map((a) => ({
            filename: a.filename,
            url: `${page}/attachments/${encodeURIComponent(a.id)}`,
          })),
          sourceUrl: page,
          baseUrl: base,
        },
      };
    }
    if (view.status !== 'approved' && view.status !== 'scheduled') {
      const message = `“${view.statusLabel}”的信息不能导出：只有已审批或已发布的信息可以导出为微信公众号格式。`;
      throw new DomainError('conflict.state', message, { userMessage: message });
    }
    return {
      isPublic: false,
      input: {
        title: view.content.title,
        indexNumber: view.indexNumber,
        agencyName: view.agencyName,
        formedOn: view.content.formedOn,
        documentNumber: view.content.documentNumber,
        publishedOn: null,
        bodyHtml: view.content.bodyHtml,
        attachments: view.attachments.map((a) => ({ filename: a.filename, url: null })),
        sourceUrl: null,
        baseUrl: base,
      },
    };
  }

  app.get(
    '/office/agencies/:id/items/:itemId/wechat',
    { config: { access }, schema: { params: Params } },
    async (request, reply) => {
      const { id, itemId } = request.params;
      const { input, isPublic } = await exportOf(request, id, itemId);
      reply.header('content-security-policy', `${contentSecurityPolicyHeader(ctx.config)};frame-src 'self'`);
      return sendPage(
        reply,
        WechatExportPage({
          chrome: await chrome(web, request, reply),
          agency: { id, name: input.agencyName },
          itemId,
          title: input.title,
          isPublic,
          fragment: wechatFragment(input),
        }),
      );
    },
  );

  app.get(
    '/office/agencies/:id/items/:itemId/wechat.html',
    { config: { access }, schema: { params: Params, querystring: FileQuery } },
    async (request, reply) => {
      const { id, itemId } = request.params;
      const { input } = await exportOf(request, id, itemId);
      reply
        .header('content-security-policy', FRAGMENT_CSP)
        .header('x-frame-options', 'SAMEORIGIN')
        .header('cross-origin-resource-policy', 'same-origin');
      if (request.query.download !== undefined) {
        reply.header(
          'content-disposition',
          `attachment; filename="wechat-${itemId.replace(/[^\w-]/g, '')}.html"`,
        );
      }
      return reply.type('text/html; charset=utf-8').send(wechatDocument(input));
    },
  );
}
