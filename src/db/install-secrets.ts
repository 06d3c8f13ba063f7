// Random secrets per installation (HMAC keys), created on first use and shared by every process
// through the database. Read once per process and name: they never change.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';

const cache = new WeakMap<Kysely<DB>, Map<string, string>>();

export async function installSecret(db: Kysely<DB>, name: string): Promise<string> {
  const known = cache.get(db)?.get(name);
  if (known) return known;
  const read = () =>
    db.selectFrom('install_secrets').select('value').where('name', '=', name).executeTakeFirst();
  let row = await read();
  if (!row) {
    await db
      .insertInto('install_secrets')
      .values({ name, value: randomBytes(32).toString('base64url') })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    row = await read();
  }
  if (!row) throw new Error(`install secret ${name} could not be created`);
  const byName = cache.get(db) ?? new Map<string, string>();
  cache.set(db, byName);
  byName.set(name, row.value);
  return row.value;
}
