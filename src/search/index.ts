// The public surface of search: Chinese full-text search over published items on SQLite (FTS5)
// and PostgreSQL (tsvector), with the same tokens for index and query.

export { type DescriptionQuery, keywordsOf, searchByDescription } from './keywords.ts';
export {
  DEFAULT_LIMIT,
  MAX_LIMIT,
  MAX_OFFSET,
  RANKED_WINDOW,
  type SearchDocument,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
} from './search.ts';
export { indexDocument, removeDocument, searchDocuments } from './search-documents.ts';
export { escapeHtml } from './snippet.ts';
export { pretokenize, type QueryTerms, queryTerms, searchTokens, warmUpTokenizer } from './tokens.ts';
