// Operations commands: migrate, audit verify, backup, files check.
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyAuditLog } from '../audit/index.ts';
import { loadConfig } from '../config.ts';
import { type Database, openDatabase, sqlitePath } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { checkFiles, directoryFileStore, openDirectoryFileStore } from '../files/index.ts';
import type { Output } from './output.ts';

export const EXIT_OK = 0;
export const EXIT_PROBLEM = 1;
export const EXIT_USAGE = 2;

async function withDatabase(
  out: Output,
  env: NodeJS.ProcessEnv,
  fn: (database: Database) => Promise<number>,
  options: { mustExist?: boolean } = {},
): Promise<number> {
  let database: Database;
  try {
    const url = loadConfig(env).databaseUrl;
    // Backing up or verifying a mistyped path must not create an empty database and report success.
    if (options.mustExist && url.startsWith('sqlite:') && !existsSync(sqlitePath(url))) {
      out.error(`数据库文件不存在：${sqlitePath(url)}（请检查 GONGKAI_DATABASE_URL）`);
      return EXIT_USAGE;
    }
    database = openDatabase(url);
  } catch (error) {
    out.error(`无法打开数据库：${(error as Error).message}`);
    return EXIT_USAGE;
  }
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

export async function runMigrate(out: Output, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return withDatabase(out, env, async (database) => {
    const applied = await migrateToLatest(database.db);
    out.print(applied.length === 0 ? '数据库已是最新结构。' : `已执行迁移：${applied.join('、')}`);
    return EXIT_OK;
  });
}

export async function runAuditVerify(out: Output, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return withDatabase(
    out,
    env,
    async (database) => {
      const result = await verifyAuditLog(database.db);
      out.print(`审计记录 ${result.records} 条（序号 ${result.firstSeq ?? '-'}–${result.lastSeq ?? '-'}）。`);
      if (result.lastHash)
        out.print(`最后一条记录的哈希：${result.lastHash}（请在系统外留存，用于发现日志末尾被截断）`);
      if (result.problems.length === 0) {
        out.print('哈希链完整，未发现修改或删除。');
        return EXIT_OK;
      }
      for (const problem of result.problems) {
        if (problem.kind === 'changed') out.print(`第 ${problem.seq} 条记录的内容被修改。`);
        else if (problem.kind === 'removed')
          out.print(`第 ${problem.afterSeq} 条与第 ${problem.beforeSeq} 条之间的记录被删除。`);
        else out.print(`第 ${problem.seq} 条记录与前一条记录的链接被破坏。`);
      }
      return EXIT_PROBLEM;
    },
    { mustExist: true },
  );
}

export const BACKUP_USAGE = `用法：gongkai backup 备份文件

在系统运行时对 SQLite 数据库做一致的在线备份（VACUUM INTO：一个一致的快照，备份期间照常写入）。
PostgreSQL 请使用 pg_dump，例如：pg_dump --format=custom --file=gongkai.dump "$GONGKAI_DATABASE_URL"
设置了 GONGKAI_FILES_DIR 时，附件保存在该目录中、不在数据库备份里：先备份数据库，再复制该目录（rsync -a 或 cp -a）。`;

/**
 * The reminder printed after a backup when attachments are in a files directory: the directory is
 * not in the database copy. Database first, then the directory: a file is written before its row
 * commits, so every row of the copy finds its file in a later copy of the directory.
 */
export function filesBackupReminder(filesDir: string): string {
  return [
    `注意：附件保存在 ${filesDir}（GONGKAI_FILES_DIR），不在上述数据库备份中，请紧接着备份该目录，例如：`,
    `  rsync -a ${filesDir}/ 备份位置/files/`,
    '文件按内容（SHA-256）命名、写入后不再改变，rsync 或 cp -a 可增量复制；恢复时先恢复数据库，再恢复该目录。',
  ].join('\n');
}

export async function runBackup(
  args: string[],
  out: Output,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const target = positionals[0];
  if (positionals.length !== 1 || !target) {
    out.error(BACKUP_USAGE);
    return EXIT_USAGE;
  }
  if (existsSync(target)) {
    out.error(`${target} 已存在；为避免覆盖，请指定新的文件名。`);
    return EXIT_USAGE;
  }
  return withDatabase(
    out,
    env,
    async (database) => {
      if (!database.sqlite) {
        out.error(BACKUP_USAGE);
        const { filesDir } = loadConfig(env);
        if (filesDir !== null) out.error(filesBackupReminder(filesDir));
        return EXIT_USAGE;
      }
      // VACUUM INTO copies one consistent snapshot (a read transaction: writers go on in WAL mode).
      // The page-by-page backup API restarts whenever another connection writes, and on a busy
      // database it may never finish.
      database.sqlite.prepare('VACUUM INTO ?').run(target);
      const { size } = statSync(target);
      out.print(`已备份到 ${target}（${Math.round(size / 1024)} KB）。`);
      const { filesDir } = loadConfig(env);
      if (filesDir !== null) out.print(filesBackupReminder(filesDir));
      return EXIT_OK;
    },
    { mustExist: true },
  );
}

export async function runServe(args: string[], out: Output): Promise<number> {
  const unknown = args.filter((a) => a !== '--demo');
  if (unknown.length > 0) {
    out.error(`未知参数：${unknown.join(' ')}（用法：gongkai serve [--demo]）`);
    return EXIT_USAGE;
  }
  // The server keeps the process alive; its signal handlers end it.
  const { serve } = await import('../main.ts');
  try {
    await serve({ demo: args.includes('--demo') });
    return EXIT_OK;
  } catch (error) {
    out.error(`gongkai 无法启动：${(error as Error).message}`);
    return EXIT_PROBLEM;
  }
}

export async function runSeedDemo(out: Output, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const config = loadConfig(env);
  return withDatabase(out, env, async (database) => {
    await migrateToLatest(database.db);
    const { seedDemo } = await import('../demo/seed-demo.ts');
    const { describeDemoAccounts } = await import('../main.ts');
    const files = config.filesDir === null ? undefined : await openDirectoryFileStore(config.filesDir);
    const result = await seedDemo({
      db: database.db,
      config,
      now: () => new Date(),
      ...(files ? { files } : {}),
    });
    out.print(
      `演示数据：新建机关 ${result.agenciesCreated} 个、用户 ${result.usersCreated} 个、授权 ${result.grantsCreated} 项。`,
    );
    const accounts = describeDemoAccounts(result.accounts);
    out.print(accounts || '演示账号已存在，未生成新的初始密码。');
    return EXIT_OK;
  });
}

export const FILES_USAGE = `用法：gongkai files check [--remove-orphans]

核对附件目录（GONGKAI_FILES_DIR）与数据库：列出数据库中有记录但目录中缺失（或大小不符）的文件，
以及目录中没有记录的孤立文件和未写完的临时文件。--remove-orphans：删除其中超过一天的（更新的可能属于
正在进行的上传）。系统每天也会自动执行一次（并删除超过一天的孤立文件）。
有缺失文件时退出码为 1。`;

export async function runFiles(
  args: string[],
  out: Output,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let parsed: ReturnType<typeof parseFilesArgs>;
  try {
    parsed = parseFilesArgs(args);
  } catch (error) {
    out.error(`${(error as Error).message}\n${FILES_USAGE}`);
    return EXIT_USAGE;
  }
  if (parsed.positionals.length !== 1 || parsed.positionals[0] !== 'check') {
    out.error(FILES_USAGE);
    return EXIT_USAGE;
  }
  let filesDir: string | null;
  try {
    filesDir = loadConfig(env).filesDir;
  } catch (error) {
    out.error((error as Error).message);
    return EXIT_USAGE;
  }
  if (filesDir === null) {
    out.print('未设置 GONGKAI_FILES_DIR：附件保存在数据库中，没有需要核对的目录。');
    return EXIT_OK;
  }
  const dir = filesDir;
  return withDatabase(
    out,
    env,
    async (database) => {
      const result = await checkFiles(database.db, directoryFileStore(dir), {
        now: new Date(),
        removeOrphans: parsed.values['remove-orphans'] === true,
      });
      out.print(`附件目录 ${dir}：数据库记录 ${result.rows} 条，目录中文件 ${result.files} 个。`);
      for (const sha256 of result.missing) out.print(`缺失：${sha256}`);
      const removed = new Set(result.removed);
      for (const path of result.orphans)
        out.print(`${removed.has(path) ? '已删除孤立文件' : '孤立文件'}：${path}`);
      if (result.missing.length === 0) out.print('数据库记录的文件均在目录中。');
      else out.print(`有 ${result.missing.length} 个文件缺失：请从备份恢复该目录。`);
      return result.missing.length === 0 ? EXIT_OK : EXIT_PROBLEM;
    },
    { mustExist: true },
  );
}

function parseFilesArgs(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: { 'remove-orphans': { type: 'boolean' } },
  });
}
