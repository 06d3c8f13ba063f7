// The neutral form every input format is read into before the report is extracted from it:
// a flat sequence of text lines and table rows in reading order. Merged cells are not expanded;
// the extractor finds rows by their labels, not by their position.

export type DocumentBlock =
  | {
      kind: 'text';
      /** One paragraph or line, whitespace-trimmed, never empty. */
      text: string;
      /** Heading level (1–6) when the source marks it as a heading (Markdown #, <h1>–<h6>, Word heading style). */
      heading?: number;
    }
  | {
      kind: 'row';
      /** The cells of one table row, left to right, each trimmed; blank cells are ''. */
      cells: string[];
      /** Index of the source table (0, 1, …) when the source has real tables; absent for flattened text. */
      table?: number;
    };

export interface SourceDocument {
  blocks: DocumentBlock[];
  /** A title the container gives (HTML <title>, DOCX core properties), if any. */
  title?: string;
  /** A publication date the container gives (YYYY-MM-DD), if any. */
  publishedOn?: string;
}
