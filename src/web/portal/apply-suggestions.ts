// GET /agencies/:id/apply/suggestions?q=…&documentNumber=… — the published items that match what
// an applicant is typing (search-as-you-type on the application form,条例第二十九条: a citizen
// should find what is already public before applying). JSON for the page's script; the titles
// and snippets come as text segments with the matches flagged, so the script never handles HTML.
import { Type } from 'typebox';
import { getPublicAgency } from '../../agencies/index.ts';
import { receivesApplications } from '../../applications/index.ts';
import { DomainError } from '../../kernel/errors.ts';
import { searchByDescription } from '../../search/index.ts';
import type { App, Web } from '../context.ts';

/** One typing applicant asks about twice a second at most (the script waits 350 ms). */
export const SUGGEST_RATE_LIMIT = { max: 120, timeWindow: '1 minute' } as const;
export const SUGGESTIONS_LIMIT = 5;

export function suggestionsHref(agencyId: string): string {
  return `/agencies/${encodeURIComponent(agencyId)}/apply/suggestions`;
}

export interface TextSegment {
  text: string;
  mark: boolean;
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/**
 * The search module's escaped HTML (text with <mark> only) back into plain segments. Anything
 * else in it would be a bug upstream; it stays literal text here, so it can never become markup.
 */
export function markedSegments(html: string): TextSegment[] {
  const segments: TextSegment[] = [];
  const parts = html.split(/<mark>|<\/mark>/);
  parts.forEach((part, i) => {
    const text = part.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);
    if (text !== '') segments.push({ text, mark: i % 2 === 1 });
  });
  return segments;
}

const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, title: '机构编号' }) });
const Query = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 500, title: '描述' })),
  documentNumber: Type.Optional(Type.String({ maxLength: 100, title: '文号' })),
});

export function registerApplySuggestions(app: App, web: Web): void {
  const db = web.database.db;
  app.get(
    '/agencies/:id/apply/suggestions',
    {
      config: { access: 'public', rateLimit: SUGGEST_RATE_LIMIT },
      schema: { params: Params, querystring: Query },
    },
    async (request, reply) => {
      const agency = await getPublicAgency(db, request.params.id);
      if (agency === null || !receivesApplications(agency.kind))
        throw new DomainError('access.not_found', 'no such agency');
      const text = (request.query.q ?? '').trim();
      const documentNumber = (request.query.documentNumber ?? '').trim();
      const hits =
        text.length < 2 && documentNumber.length < 2
          ? []
          : await searchByDescription(db, {
              agencyIds: [agency.id],
              kind: 'disclosure',
              text,
              documentNumber,
              limit: SUGGESTIONS_LIMIT,
            });
      return reply.header('cache-control', 'no-store').send({
        matches: hits.map((hit) => ({
          url: hit.url,
          publishedOn: hit.publishedOn,
          title: markedSegments(hit.titleHtml),
          snippet: markedSegments(hit.snippetHtml),
        })),
      });
    },
  );
}
