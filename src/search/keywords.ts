// The words that characterise a free text (an applicant's description of the information wanted),
// by jieba's TF-IDF: a search for them finds published items the applicant may not need to ask for.
import { Jieba, TfIdf } from '@node-rs/jieba';
import { dict, idf } from '@node-rs/jieba/dict.js';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { normalizeForSearch } from './normalize.ts';
import type { SearchHit } from './search.ts';
import { searchDocuments } from './search-documents.ts';

let extractor: { jieba: Jieba; tfIdf: TfIdf } | undefined;

/** Up to `count` keywords of the text, the most characteristic first (words of two or more characters). */
export function keywordsOf(text: string, count = 5): string[] {
  extractor ??= { jieba: Jieba.withDict(dict), tfIdf: TfIdf.withDict(idf) };
  const words = extractor.tfIdf
    .extractKeywords(extractor.jieba, normalizeForSearch(text).slice(0, 2000), count * 2)
    .map((k) => k.keyword)
    .filter((w) => [...w].length >= 2 && !/^\d+$/.test(w));
  return [...new Set(words)].slice(0, count);
}

export interface DescriptionQuery {
  agencyIds: readonly string[];
  kind?: string;
  /** A free text: what the applicant wants. */
  text: string;
  /** A 文号 the applicant gave, tried first. */
  documentNumber?: string | null;
  limit?: number;
}

/**
 * Documents that match a free description: by its 文号 when given, else by its keywords — all of
 * the three most characteristic, then fewer, until something is found. An empty list when nothing.
 */
export async function searchByDescription(db: Kysely<DB>, query: DescriptionQuery): Promise<SearchHit[]> {
  const base = {
    agencyIds: query.agencyIds,
    ...(query.kind ? { kind: query.kind } : {}),
    limit: query.limit ?? 5,
  };
  const attempts: string[] = [];
  if (query.documentNumber?.trim()) attempts.push(query.documentNumber.trim());
  const keywords = keywordsOf(query.text, 3);
  for (let n = keywords.length; n >= 1; n--) attempts.push(keywords.slice(0, n).join(' '));
  for (const q of attempts) {
    const { hits } = await searchDocuments(db, { ...base, q });
    if (hits.length > 0) return hits;
  }
  return [];
}
