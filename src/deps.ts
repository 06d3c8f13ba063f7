// The composition root: everything the web app needs, built once from the configuration.
import type { FastifyServerOptions } from 'fastify';
import type { UseCaseContext } from './agencies/index.ts';
import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { type FileStore, openDirectoryFileStore } from './files/index.ts';
import { loggerOptions } from './web/logging.ts';

export interface Deps {
  config: Readonly<Config>;
  database: Database;
  /** The clock; tests pin it. */
  now: () => Date;
  /** pino options for Fastify's logger, or false for none. */
  logger: FastifyServerOptions['logger'];
  /** argon2id cost; production defaults when absent (tests pass a low cost). */
  passwordHashing?: UseCaseContext['passwordHashing'];
  /** Where attachment bytes go: the files directory when configured; the database when absent. */
  files?: FileStore;
}

/**
 * Opens the database named by the configuration and brings its schema up to date; with
 * GONGKAI_FILES_DIR, creates the files directory and proves it writable (a clear error otherwise).
 */
export async function buildDeps(config: Readonly<Config>): Promise<Deps> {
  const files = config.filesDir === null ? undefined : await openDirectoryFileStore(config.filesDir);
  const database = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  return {
    config,
    database,
    now: () => new Date(),
    logger: loggerOptions(config.logLevel),
    ...(files ? { files } : {}),
  };
}
