// The database store: a file's bytes in its row (disclosure_files.content, location 'database').
// The default when GONGKAI_FILES_DIR is not set; rows written before a files directory was
// configured keep being read from here.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { assertSha256, type FileStore } from './file-store.ts';

/** Where the bytes of a stored file are ('database' or 'directory'), or undefined for a new file. */
export async function storedLocation(db: Kysely<DB>, sha256: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('disclosure_files')
    .select('location')
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return row?.location;
}

/** Writes the row with the bytes; an existing row whose bytes were elsewhere gets them back. */
export async function insertDatabaseFile(
  db: Kysely<DB>,
  sha256: string,
  content: Uint8Array,
  now: string,
): Promise<void> {
  assertSha256(sha256);
  // Bytes already here: nothing to write, and no lock on the row (the upsert below locks it even
  // when its condition is false, and an often-attached file would make its uploads wait in turn).
  if ((await storedLocation(db, sha256)) === 'database') return;
  await db
    .insertInto('disclosure_files')
    .values({ sha256, size: content.byteLength, content, location: 'database', created_at: now })
    .onConflict((oc) =>
      oc
        .column('sha256')
        .doUpdateSet({ content, size: content.byteLength, location: 'database' })
        .where('disclosure_files.location', '<>', 'database'),
    )
    .execute();
}

/** The store over a database (or a transaction): the bytes are in the rows. */
export function databaseFileStore(db: Kysely<DB>, now: () => Date = () => new Date()): FileStore {
  return {
    kind: 'database',
    async put(sha256, bytes) {
      assertSha256(sha256);
      if (createHash('sha256').update(bytes).digest('hex') !== sha256)
        throw new Error(`the bytes do not hash to ${sha256}`);
      await insertDatabaseFile(db, sha256, bytes, now().toISOString());
    },
    async get(sha256) {
      assertSha256(sha256);
      const row = await db
        .selectFrom('disclosure_files')
        .select('content')
        .where('sha256', '=', sha256)
        .where('location', '=', 'database')
        .executeTakeFirst();
      return row ? new Uint8Array(row.content) : undefined;
    },
  };
}
