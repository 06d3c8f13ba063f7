// The consistency of the files directory with the rows of disclosure_files: rows whose file is
// missing (or has the wrong size), and orphans — files no row names, left when a transaction
// rolled back or the process died after the bytes were written (they are written before the row
// commits) — and temporary files of writes that never finished. Orphans older than a day may be
// removed: a younger one may belong to a transaction still running.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { DirectoryFileStore } from './directory-store.ts';
import { reportFileProblem } from './file-store.ts';

export const ORPHAN_MIN_AGE_MS = 24 * 60 * 60 * 1000;

export interface FilesCheck {
  /** Rows that say their bytes are in the directory. */
  rows: number;
  /** Final files found in the directory. */
  files: number;
  /** sha256 of rows whose file is absent or has another size than the row. */
  missing: string[];
  /** Paths of files no row names and of leftover temporary files. */
  orphans: string[];
  /** The orphans removed (older than the minimum age). */
  removed: string[];
}

export async function checkFiles(
  db: Kysely<DB>,
  store: DirectoryFileStore,
  options: { now: Date; removeOrphans?: boolean; orphanMinAgeMs?: number },
): Promise<FilesCheck> {
  const rows = await db.selectFrom('disclosure_files').select(['sha256', 'size', 'location']).execute();
  const expected = new Map<string, number>();
  for (const row of rows) {
    if (row.location === 'directory') expected.set(row.sha256, Number(row.size));
  }
  const cutoff = options.now.getTime() - (options.orphanMinAgeMs ?? ORPHAN_MIN_AGE_MS);
  const seen = new Map<string, number>();
  const orphans: string[] = [];
  const removed: string[] = [];
  let files = 0;
  for await (const entry of store.entries()) {
    if (!entry.temporary) {
      files += 1;
      seen.set(entry.name, entry.size);
      // A file whose row keeps the bytes in the database is an orphan too: nothing reads it.
      if (expected.has(entry.name)) continue;
    }
    orphans.push(entry.path);
    if (options.removeOrphans && entry.modifiedAt.getTime() < cutoff) {
      await store.remove(entry);
      removed.push(entry.path);
    }
  }
  const missing: string[] = [];
  for (const [sha256, size] of expected) {
    if (seen.get(sha256) !== size) {
      missing.push(sha256);
      reportFileProblem({ sha256, reason: 'missing' });
    }
  }
  return { rows: expected.size, files, missing, orphans, removed };
}
