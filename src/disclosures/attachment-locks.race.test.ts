// T-R2: two editors attaching the same file at the same moment, one to a new item and one to a
// draft being saved. The file's row (one per content hash) and the hash-chained audit log (one
// writer at a time, an advisory lock on PostgreSQL) must be locked in the same order by both, the
// file first, or each waits for the other and PostgreSQL ends one with "deadlock detected".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestContext, testContext } from '../agencies/testing.ts';
import { pauseAfterRead } from '../applications/testing.ts';
import { verifyAuditLog } from '../audit/index.ts';
import {
  createTestDatabase,
  ENGINES,
  skipUnless,
  someoneWaitsForALock,
  type TestDatabase,
} from '../db/testing.ts';
import { createDraft, updateDraft } from './index.ts';
import { buildDisclosureFixture, content, type DisclosureFixture, textPdf } from './testing.ts';

for (const engine of ENGINES) {
  describe(`the same file attached to two items at once on ${engine}`, {
    skip: (await skipUnless(engine)) || (engine === 'sqlite' && 'SQLite writes one transaction at a time'),
  }, () => {
    let database: TestDatabase;
    let ctx: TestContext;
    let f: DisclosureFixture;

    before(async () => {
      database = await createTestDatabase(engine);
      ctx = testContext(database);
      f = await buildDisclosureFixture(ctx);
      ctx.setNow('2026-03-02T01:00:00.000Z');
    });
    after(async () => database?.drop());

    it('saves both: a new item with the file and a draft saved with it', async () => {
      const draft = await createDraft(ctx, f.editor, {
        agencyId: f.chengliu,
        content: content({ title: '已有草稿' }),
      });
      const file = { filename: '共同附件.pdf', content: textPdf(['两位编辑同时上传的同一份文件']) };

      // The new item stops inside its transaction, its file's row written, before its audit record.
      const pausing = pauseAfterRead(database.db, 'disclosure_items', () => true);
      const creating = createDraft({ ...ctx, db: pausing.db }, f.editor, {
        agencyId: f.chengliu,
        content: content({ title: '新建信息' }),
        attachments: [file],
      });
      await pausing.paused;
      const saving = updateDraft(ctx, f.chief, draft.itemId, { addAttachments: [file] });
      await someoneWaitsForALock(database.db);
      pausing.release();
      const [created, saved] = await Promise.allSettled([creating, saving]);
      assert.equal(created.status, 'fulfilled', String((created as PromiseRejectedResult).reason));
      assert.equal(saved.status, 'fulfilled', String((saved as PromiseRejectedResult).reason));

      const rows = await database.db
        .selectFrom('disclosure_attachments')
        .innerJoin('disclosure_files', 'disclosure_files.sha256', 'disclosure_attachments.file_sha256')
        .select(['disclosure_attachments.item_id', 'disclosure_files.location'])
        .execute();
      assert.deepEqual(rows.map((r) => r.item_id).sort(), [created.value.itemId, draft.itemId].sort());
      assert.equal(new Set(rows.map((r) => r.location)).size, 1);
      assert.deepEqual((await verifyAuditLog(database.db)).problems, []);
    });
  });
}
