// `gongkai files check` and the backup reminder, over a SQLite database and a files directory:
// rows whose file is missing (exit 1), orphans and leftover temporary files listed, removed with
// --remove-orphans once a day old; nothing to check without GONGKAI_FILES_DIR.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runBackup, runFiles } from '../cli/ops.ts';
import { captureOutput } from '../cli/output.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { storeFile } from '../disclosures/disclosure.repository.ts';
import { type DirectoryFileStore, databaseFileStore, directoryFileStore } from './index.ts';

const bytesOf = (text: string) => new TextEncoder().encode(text);
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('gongkai files check', () => {
  let base: string;
  let env: NodeJS.ProcessEnv;
  let store: DirectoryFileStore;
  const kept = bytesOf('有记录的附件');
  const lost = bytesOf('记录在但文件丢失');
  const inDatabase = bytesOf('保存在数据库中的附件');
  const orphan = bytesOf('孤立文件');

  before(async () => {
    base = mkdtempSync(join(tmpdir(), 'gongkai-files-check-'));
    const url = `sqlite:${join(base, 'gongkai.sqlite')}`;
    env = { GONGKAI_DATABASE_URL: url, GONGKAI_FILES_DIR: join(base, 'files') };
    store = directoryFileStore(join(base, 'files'));
    const database = openDatabase(url);
    try {
      await migrateToLatest(database.db);
      const now = new Date().toISOString();
      await database.db.transaction().execute(async (trx) => {
        await storeFile(trx, store, sha(kept), kept, now);
        await storeFile(trx, store, sha(lost), lost, now);
        await storeFile(trx, databaseFileStore(trx), sha(inDatabase), inDatabase, now);
      });
      // Bytes kept in the database stay there when the same bytes come again with the directory.
      await storeFile(database.db, store, sha(inDatabase), inDatabase, now);
      const row = await database.db
        .selectFrom('disclosure_files')
        .select('location')
        .where('sha256', '=', sha(inDatabase))
        .executeTakeFirstOrThrow();
      assert.equal(row.location, 'database');
    } finally {
      await database.close();
    }
    rmSync(store.pathOf(sha(lost)));
    await store.put(sha(orphan), orphan);
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it('lists missing files (exit 1) and orphans; removes nothing without --remove-orphans', async () => {
    const out = captureOutput();
    assert.equal(await runFiles(['check'], out, env), 1);
    assert.match(out.stdout, /数据库记录 2 条，目录中文件 2 个/);
    assert.match(out.stdout, new RegExp(`缺失：${sha(lost)}`));
    assert.match(out.stdout, new RegExp(`孤立文件：.*${sha(orphan)}`));
    assert.doesNotMatch(out.stdout, new RegExp(sha(kept)));
    assert.ok(existsSync(store.pathOf(sha(orphan))));
  });

  it('removes orphans and temporary files older than a day with --remove-orphans; exit 0 when nothing is missing', async () => {
    await store.put(sha(lost), lost);
    const temp = join(dirname(store.pathOf(sha(orphan))), `.${sha(orphan)}.0123456789ab.tmp`);
    writeFileSync(temp, 'half');
    const young = bytesOf('刚写入的孤立文件');
    await store.put(sha(young), young);
    const old = new Date(Date.now() - 25 * 3600_000);
    utimesSync(store.pathOf(sha(orphan)), old, old);
    utimesSync(temp, old, old);
    const out = captureOutput();
    assert.equal(await runFiles(['check', '--remove-orphans'], out, env), 0);
    assert.match(out.stdout, /已删除孤立文件：.*\.tmp/);
    assert.match(out.stdout, new RegExp(`已删除孤立文件：.*${sha(orphan)}`));
    assert.match(out.stdout, new RegExp(`孤立文件：.*${sha(young)}`));
    assert.match(out.stdout, /数据库记录的文件均在目录中/);
    assert.ok(!existsSync(store.pathOf(sha(orphan))));
    assert.ok(!existsSync(temp));
    assert.ok(existsSync(store.pathOf(sha(young))), 'younger than a day: may belong to a running upload');
    assert.ok(existsSync(store.pathOf(sha(kept))));
  });

  it('has nothing to check without GONGKAI_FILES_DIR, and explains its usage', async () => {
    const none = captureOutput();
    assert.equal(await runFiles(['check'], none, { GONGKAI_DATABASE_URL: env.GONGKAI_DATABASE_URL }), 0);
    assert.match(none.stdout, /未设置 GONGKAI_FILES_DIR/);
    for (const args of [[], ['verify'], ['check', '--force']]) {
      const bad = captureOutput();
      assert.equal(await runFiles(args, bad, env), 2, args.join(' '));
      assert.match(bad.stderr, /用法：gongkai files check/);
    }
  });

  it('reminds the operator after a backup to copy the files directory too', async () => {
    const target = join(base, 'backup.sqlite');
    const out = captureOutput();
    assert.equal(await runBackup([target], out, env), 0);
    assert.match(out.stdout, /已备份到/);
    assert.match(out.stdout, new RegExp(`附件保存在 ${join(base, 'files')}（GONGKAI_FILES_DIR）`));
    assert.match(out.stdout, /rsync -a/);
    const plain = captureOutput();
    assert.equal(
      await runBackup([join(base, 'backup2.sqlite')], plain, {
        GONGKAI_DATABASE_URL: env.GONGKAI_DATABASE_URL,
      }),
      0,
    );
    assert.doesNotMatch(plain.stdout, /GONGKAI_FILES_DIR/);
  });
});
