import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { appendAudit, verifyAuditLog } from '../audit/index.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { runAuditVerify, runBackup, runMigrate } from './ops.ts';
import { captureOutput } from './output.ts';

function tempDatabaseUrl(): string {
  return `sqlite:${join(mkdtempSync(join(tmpdir(), 'gongkai-ops-')), 'db.sqlite')}`;
}

async function appendRecords(url: string, count: number): Promise<void> {
  const database = openDatabase(url);
  await migrateToLatest(database.db);
  for (let i = 0; i < count; i++) {
    await database.db
      .transaction()
      .execute((trx) =>
        appendAudit(
          trx,
          { userId: 'u', agencyId: 'a', action: 'test.write', result: 'ok', details: { i } },
          new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
        ),
      );
  }
  await database.close();
}

describe('gongkai migrate', () => {
  it('applies the migrations once and then says the database is current', async () => {
    const env = { GONGKAI_DATABASE_URL: tempDatabaseUrl() };
    const first = captureOutput();
    assert.equal(await runMigrate(first, env), 0);
    assert.match(first.stdout, /已执行迁移：2026-11-26-001-platform-core/);
    const second = captureOutput();
    assert.equal(await runMigrate(second, env), 0);
    assert.match(second.stdout, /已是最新结构/);
  });
});

describe('gongkai audit verify', () => {
  it('exits 0 on an intact log and 1 with the record named when one was changed', async () => {
    const url = tempDatabaseUrl();
    await appendRecords(url, 5);
    const ok = captureOutput();
    assert.equal(await runAuditVerify(ok, { GONGKAI_DATABASE_URL: url }), 0);
    assert.match(ok.stdout, /审计记录 5 条/);
    assert.match(ok.stdout, /哈希链完整/);
    const database = openDatabase(url);
    await database.db.updateTable('audit_log').set({ action: 'test.forged' }).where('seq', '=', 3).execute();
    await database.close();
    const bad = captureOutput();
    assert.equal(await runAuditVerify(bad, { GONGKAI_DATABASE_URL: url }), 1);
    assert.match(bad.stdout, /第 3 条记录的内容被修改/);
  });
});

describe('gongkai backup', () => {
  it('copies a live SQLite database consistently while another connection keeps writing', async () => {
    const url = tempDatabaseUrl();
    await appendRecords(url, 200);
    const writer = openDatabase(url);
    let writing = true;
    let written = 0;
    const writes = (async () => {
      while (writing) {
        await writer.db
          .transaction()
          .execute((trx) =>
            appendAudit(
              trx,
              { userId: 'w', agencyId: 'a', action: 'test.during-backup', result: 'ok' },
              new Date().toISOString(),
            ),
          );
        written++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const target = join(mkdtempSync(join(tmpdir(), 'gongkai-backup-')), 'backup.sqlite');
    const out = captureOutput();
    assert.equal(await runBackup([target], out, { GONGKAI_DATABASE_URL: url }), 0);
    writing = false;
    await writes;
    await writer.close();
    assert.match(out.stdout, /已备份到/);

    const restored = openDatabase(`sqlite:${target}`);
    try {
      assert.equal(restored.sqlite!.pragma('integrity_check', { simple: true }), 'ok');
      const verification = await verifyAuditLog(restored.db);
      assert.deepEqual(verification.problems, []);
      assert.ok(verification.records >= 200, `${verification.records} records restored`);
      assert.ok(verification.records <= 200 + written);
    } finally {
      await restored.close();
    }
  });

  it('refuses to back up or verify a database file that does not exist (a mistyped path)', async () => {
    const env = {
      GONGKAI_DATABASE_URL: `sqlite:${join(mkdtempSync(join(tmpdir(), 'gongkai-typo-')), 'missing.sqlite')}`,
    };
    const target = join(mkdtempSync(join(tmpdir(), 'gongkai-backup-')), 'backup.sqlite');
    const backup = captureOutput();
    assert.equal(await runBackup([target], backup, env), 2);
    assert.match(backup.stderr, /数据库文件不存在/);
    const verify = captureOutput();
    assert.equal(await runAuditVerify(verify, env), 2);
    assert.match(verify.stderr, /数据库文件不存在/);
  });

  it('refuses to overwrite a file and explains pg_dump for PostgreSQL', async () => {
    const url = tempDatabaseUrl();
    await appendRecords(url, 1);
    const existing = captureOutput();
    assert.equal(await runBackup([url.replace('sqlite:', '')], existing, { GONGKAI_DATABASE_URL: url }), 2);
    assert.match(existing.stderr, /已存在/);
    const usage = captureOutput();
    assert.equal(await runBackup([], usage, { GONGKAI_DATABASE_URL: url }), 2);
    assert.match(usage.stderr, /pg_dump/);
  });
});
