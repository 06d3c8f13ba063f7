// Test databases on both engines. SQLite: a fresh file per test database. PostgreSQL: a fresh
// database per test database, dropped afterwards. Without a reachable PostgreSQL the PostgreSQL
// tests are skipped with a reason, unless GONGKAI_REQUIRE_POSTGRES=1 (CI) makes them mandatory.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { type Database, type Engine, openDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import type { DB } from './schema.ts';

export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

/** A server URL whose database is used only to create and drop the test databases. */
export const POSTGRES_ADMIN_URL =
  process.env.GONGKAI_TEST_POSTGRES_URL || 'postgres://gongkai:gongkai@127.0.0.1:5432/postgres';

let postgresCheck: Promise<string | null> | undefined;

/** null when PostgreSQL is reachable, else the reason it is not. */
export function postgresUnavailable(): Promise<string | null> {
  postgresCheck ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 15_000 });
    try {
      await client.connect();
      await client.query('select 1');
      return null;
    } catch (error) {
      const reason = `PostgreSQL not reachable at ${POSTGRES_ADMIN_URL.replace(/:[^:@/]*@/, ':***@')}: ${(error as Error).message}`;
      if (process.env.GONGKAI_REQUIRE_POSTGRES === '1') throw new Error(reason);
      return reason;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return postgresCheck;
}

/** The `skip` option for a node:test suite of the given engine. */
export async function skipUnless(engine: Engine): Promise<string | false> {
  if (engine === 'sqlite') return false;
  const reason = await postgresUnavailable();
  if (reason) process.stderr.write(`# skipping PostgreSQL tests: ${reason}\n`);
  return reason ?? false;
}

export interface TestDatabase extends Database {
  /** Drops the database (PostgreSQL) or removes the file (SQLite). */
  drop(): Promise<void>;
}

function postgresUrl(database: string): string {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A new, migrated, empty database on the engine. */
export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-test-'));
    const database = openDatabase(`sqlite:${join(dir, 'test.sqlite')}`);
    await migrateToLatest(database.db);
    return {
      ...database,
      drop: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `gongkai_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const database = openDatabase(postgresUrl(name));
  await migrateToLatest(database.db);
  return {
    ...database,
    drop: async () => {
      await database.close();
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      try {
        // An autovacuum worker on the database cannot be ended by a role that is not superuser
        // (42501), and a closing connection may still count (55006): both pass within moments.
        for (let attempt = 1; ; attempt++) {
          try {
            await client.query(`drop database if exists ${name} with (force)`);
            break;
          } catch (error) {
            const code = (error as { code?: string }).code;
            if (attempt >= 10 || (code !== '42501' && code !== '55006')) throw error;
            await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
          }
        }
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * PostgreSQL: resolves once another session of this database waits for a lock (a row's or an
 * advisory one): a race test's second writer has reached the point where it must wait. Throws after
 * 10 s without one.
 */
export async function someoneWaitsForALock(db: Kysely<DB>): Promise<void> {
  for (let tries = 0; tries < 500; tries++) {
    const { rows } = await sql<{ n: string }>`select count(*) as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
    if (Number(rows[0]!.n) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('no session waited for a lock within 10 s');
}
