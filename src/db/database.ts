// Opens the database named by a URL: SQLite (embedded default) or PostgreSQL (the server engine).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  type CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type SqliteDatabase as SqliteDialectDatabase,
} from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

export type Engine = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  url: string;
  /** The raw SQLite handle (for online backup); absent on PostgreSQL. */
  sqlite?: SqliteDatabase.Database;
  close(): Promise<void>;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** bigint and numeric as JavaScript numbers: counts and sequence numbers stay far below 2^53. */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew; preparing costs more than running a small query. The queries
 * are few and fixed, so their statements are kept (least recently used out). Kysely runs one query
 * at a time on the connection, so a statement is never in use twice.
 */
function withStatementCache(sqlite: SqliteDatabase.Database): SqliteDialectDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement as unknown as ReturnType<SqliteDialectDatabase['prepare']>;
    },
  };
}

/** Runs a compiled read at once, or says it cannot (undefined): the caller then goes through Kysely. */
export type SyncReader = <R>(query: CompiledQuery<R>) => R[] | undefined;

const syncReaders = new WeakMap<Kysely<DB>, SyncReader>();

/**
 * A reader for the few reads made at every view of a public page. On SQLite a read is a
 * synchronous call; going through the driver's connection lock and promises cost more than the
 * read itself (bench/portal-item.bench.ts). Only outside a transaction: inside one, the raw handle
 * would see the transaction's uncommitted writes, so the read waits its turn through Kysely.
 * Undefined on PostgreSQL and for a transaction's Kysely instance.
 */
export function syncReaderOf(db: Kysely<DB>): SyncReader | undefined {
  return syncReaders.get(db);
}

/** A number that changes whenever a write is committed to the database, by any connection. */
export type ChangeCounter = () => number;

const changeCounters = new WeakMap<Kysely<DB>, ChangeCounter>();

/**
 * On SQLite (a file), the database's commit counter as seen from a connection of its own: `PRAGMA
 * data_version` changes on one connection when any other connection commits — this process's
 * Kysely connection or another process. Reading it costs a third of an indexed query, so a public
 * page can be known unchanged without reading its rows (public-item-stamp.ts). Undefined on
 * PostgreSQL and for an in-memory database (no other connection sees it).
 */
export function changeCounterOf(db: Kysely<DB>): ChangeCounter | undefined {
  return changeCounters.get(db);
}

export function sqlitePath(url: string): string {
  return url.replace(/^sqlite:/, '');
}

export function openDatabase(url: string): Database {
  if (url.startsWith('sqlite:')) {
    const path = sqlitePath(url);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const sqlite = new SqliteDatabase(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    // An acknowledged write survives a power cut.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('busy_timeout = 5000');
    const statements = withStatementCache(sqlite);
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: statements }) });
    syncReaders.set(db, <R>(query: CompiledQuery<R>) =>
      sqlite.inTransaction ? undefined : (statements.prepare(query.sql).all(query.parameters) as R[]),
    );
    let watcher: SqliteDatabase.Database | undefined;
    if (path !== ':memory:') {
      watcher = new SqliteDatabase(path, { readonly: true });
      const dataVersion = watcher.prepare('pragma data_version').pluck();
      changeCounters.set(db, () => dataVersion.get() as number);
    }
    const close = async () => {
      await db.destroy();
      watcher?.close();
    };
    return { db, engine: 'sqlite', url, sqlite, close };
  }
  const pool = new pg.Pool({ connectionString: url, max: 10, types: pgTypes });
  // An idle connection ended by the server (a restart, a failover, an administrator) is dropped by
  // the pool and replaced at the next query; without a listener the error would end the process.
  pool.on('error', () => {});
  // The same for a connection the application holds (a transaction between two statements): the
  // statement in flight or the next one fails, and the pool drops the broken client on release.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: 'postgres', url, close: () => db.destroy() };
}
