// Attachments in a files directory (GONGKAI_FILES_DIR) on both engines, through the use cases and
// the portal: the bytes at their content path and the row saying 'directory', the download, the
// same bytes stored once, a corrupted file answering the common 404 (never its bytes, never a 500),
// rows written before the switch still served from the database, the scheduled release reading
// attachment text from the directory, and the daily check (missing files, orphans removed after a day).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Principal } from '../../src/agencies/index.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import {
  approve,
  CHECKLIST_IDS,
  createDraft,
  disclosureJobs,
  getItemAttachment,
  getPublishedItem,
  publish,
  signReview,
  submitForReview,
} from '../../src/disclosures/index.ts';
import type { ContentInput } from '../../src/disclosures/item-rules.ts';
import { content, staff, textPdf } from '../../src/disclosures/testing.ts';
import {
  type DirectoryFileStore,
  type FileProblem,
  fileProblems,
  isDirectoryFileStore,
} from '../../src/files/index.ts';
import { runJobOnce } from '../../src/jobs/scheduler.ts';
import { searchDocuments } from '../../src/search/index.ts';
import { Browser, createWebFixture, unescapeHtml, type WebFixture } from '../../src/web/testing.ts';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((p) => statSync(join(dir, p)).isFile())
    .sort();
}

for (const engine of ENGINES) {
  describe(`attachments in a files directory on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    let base: string;
    let store: DirectoryFileStore;
    let w: { editor: Principal; reviewer: Principal; approver: Principal };
    const problems: FileProblem[] = [];
    const listener = (message: unknown) => problems.push(message as FileProblem);

    before(async () => {
      base = mkdtempSync(join(tmpdir(), 'gongkai-file-store-'));
      f = await createWebFixture(engine, { filesDir: join(base, 'files') });
      assert.ok(f.deps.files && isDirectoryFileStore(f.deps.files));
      store = f.deps.files;
      const agency = f.chengliu.id;
      w = {
        editor: await staff(f.ctx, agency, 'fs.editor', ['editor']),
        reviewer: await staff(f.ctx, agency, 'fs.reviewer', ['reviewer']),
        approver: await staff(f.ctx, agency, 'fs.approver', ['approver']),
      };
      subscribe(fileProblems.name, listener);
    });
    after(async () => {
      unsubscribe(fileProblems.name, listener);
      await f?.close();
      rmSync(base, { recursive: true, force: true });
    });

    /** Draft → review → approval → publication through the use cases, with `ctx` (the fixture's by default). */
    async function published(
      attachments: { filename: string; content: Uint8Array }[],
      input: Partial<ContentInput> = {},
      ctx = f.ctx,
      publishAt?: string,
    ): Promise<string> {
      const { itemId } = await createDraft(ctx, w.editor, {
        agencyId: f.chengliu.id,
        content: content(input),
        attachments,
      });
      await submitForReview(ctx, w.editor, itemId);
      await signReview(ctx, w.reviewer, itemId, { checklist: CHECKLIST_IDS });
      await approve(ctx, w.approver, itemId);
      await publish(ctx, w.approver, itemId, publishAt ? { publishAt } : {});
      return itemId;
    }

    async function rowOf(hash: string) {
      return f.database.db
        .selectFrom('disclosure_files')
        .select(['size', 'location', 'content'])
        .where('sha256', '=', hash)
        .executeTakeFirst();
    }

    async function download(itemId: string) {
      const page = await new Browser(f.app).get(`/agencies/${f.chengliu.id}/items/${itemId}`);
      assert.equal(page.statusCode, 200);
      const link = /href="(\/agencies\/[^"]+\/attachments\/[^"]+)"/.exec(page.body)?.[1];
      assert.ok(link, 'an attachment link');
      return new Browser(f.app).get(unescapeHtml(link));
    }

    it('writes the bytes to their content path, the row says directory, the portal serves them', async () => {
      const pdf = textPdf('Directory stored notice');
      const hash = sha(pdf);
      const itemId = await published([{ filename: '名单.pdf', content: pdf }], { title: '目录存储的公告' });
      const path = join(base, 'files', hash.slice(0, 2), hash.slice(2, 4), hash);
      assert.equal(store.pathOf(hash), path);
      assert.deepEqual(readFileSync(path), Buffer.from(pdf));
      const row = await rowOf(hash);
      assert.equal(row?.location, 'directory');
      assert.equal(Number(row?.size), pdf.byteLength);
      assert.equal(row?.content.byteLength, 0, 'no bytes in the database');
      const file = await download(itemId);
      assert.equal(file.statusCode, 200);
      assert.equal(file.headers['content-type'], 'application/pdf');
      assert.deepEqual(file.rawPayload, Buffer.from(pdf));
      // The staff download reads the directory too.
      const attachmentId = (await getPublishedItem(f.ctx, { itemId })).attachments[0]!.id;
      const staffCopy = await getItemAttachment(f.ctx, w.editor, { itemId, attachmentId });
      assert.deepEqual(Buffer.from(staffCopy.content), Buffer.from(pdf));
      // Published at once: its attachment text was read from the directory for search.
      const found = await searchDocuments(f.database.db, { q: 'Directory', agencyIds: [f.chengliu.id] });
      assert.deepEqual(
        found.hits.map((h) => h.id),
        [`disclosure:${itemId}`],
      );
      assert.deepEqual(
        filesUnder(join(base, 'files')).filter((p) => p.endsWith('.tmp') || p.includes('probe')),
        [],
        'no temporary file left',
      );
    });

    it('stores the same bytes once for two items', async () => {
      const pdf = textPdf('Shared twice');
      const hash = sha(pdf);
      const first = await published([{ filename: '一.pdf', content: pdf }], { title: '第一份' });
      const second = await published([{ filename: '二.pdf', content: pdf }], { title: '第二份' });
      assert.equal(filesUnder(join(base, 'files')).filter((p) => p.endsWith(hash)).length, 1);
      const rows = await f.database.db
        .selectFrom('disclosure_files')
        .select('sha256')
        .where('sha256', '=', hash)
        .execute();
      assert.equal(rows.length, 1);
      for (const itemId of [first, second])
        assert.deepEqual((await download(itemId)).rawPayload, Buffer.from(pdf));
    });

    it('answers a corrupted file with the common 404, never its bytes, and reports it by id', async () => {
      const pdf = textPdf('Will be corrupted');
      const hash = sha(pdf);
      const itemId = await published([{ filename: '坏.pdf', content: pdf }], { title: '附件损坏的公告' });
      const tampered = Buffer.from(pdf);
      tampered[tampered.length - 3] = 0x58;
      writeFileSync(store.pathOf(hash), tampered);
      problems.length = 0;
      const file = await download(itemId);
      assert.equal(file.statusCode, 404);
      assert.match(String(file.headers['content-type']), /^text\/html/);
      assert.ok(!file.rawPayload.includes(tampered.subarray(0, 40)), 'not the corrupted bytes');
      const guessed = await new Browser(f.app).get(
        `/agencies/${f.chengliu.id}/items/${itemId}/attachments/0`,
      );
      assert.equal(guessed.statusCode, 404);
      assert.equal(file.body, guessed.body, 'the same page as any missing attachment');
      assert.deepEqual(problems, [{ sha256: hash, reason: 'corrupt' }]);
      // A missing file: the same 404.
      rmSync(store.pathOf(hash));
      assert.equal((await download(itemId)).statusCode, 404);
      // The next upload of the same bytes brings the file back.
      await published([{ filename: '重传.pdf', content: pdf }], { title: '重新上传' });
      assert.deepEqual((await download(itemId)).rawPayload, Buffer.from(pdf));
    });

    it('keeps serving rows whose bytes are in the database (an installation that switched)', async () => {
      const old = textPdf('Stored before the switch');
      const hash = sha(old);
      // Created as before GONGKAI_FILES_DIR: the database store.
      const { files: _, ...databaseCtx } = f.ctx;
      const itemId = await published(
        [{ filename: '旧.pdf', content: old }],
        { title: '切换前的公告' },
        databaseCtx,
      );
      const row = await rowOf(hash);
      assert.equal(row?.location, 'database');
      assert.equal(row?.content.byteLength, old.byteLength);
      assert.ok(!existsSync(store.pathOf(hash)));
      const file = await download(itemId);
      assert.equal(file.statusCode, 200);
      assert.deepEqual(file.rawPayload, Buffer.from(old));
      // The same bytes uploaded after the switch stay in the database: one copy.
      await published([{ filename: '再次.pdf', content: old }], { title: '切换后再次上传' });
      assert.equal((await rowOf(hash))?.location, 'database');
      assert.ok(!existsSync(store.pathOf(hash)));
    });

    it('lets the release job of scheduled items read attachment text from the directory', async () => {
      const pdf = textPdf('Quillfeather directory');
      const itemId = await published(
        [{ filename: '定时.pdf', content: pdf }],
        { title: '定时发布' },
        f.ctx,
        '2026-03-02T12:00',
      );
      const search = () => searchDocuments(f.database.db, { q: 'Quillfeather', agencyIds: [f.chengliu.id] });
      assert.equal((await search()).total, 0);
      f.clock.now = new Date('2026-03-02T04:01:00.000Z');
      const release = disclosureJobs(f.deps.files).find((j) => j.name === 'disclosures.release-scheduled')!;
      assert.equal(await runJobOnce(f.database.db, release, f.clock.now), 'ran');
      assert.deepEqual(
        (await search()).hits.map((h) => h.id),
        [`disclosure:${itemId}`],
      );
      assert.equal((await getPublishedItem(f.ctx, { itemId })).attachments.length, 1);
    });

    it('checks the directory daily: missing files reported, orphans removed once a day old', async () => {
      const check = disclosureJobs(f.deps.files).find((j) => j.name === 'files.check');
      assert.ok(check, 'the daily check runs with a files directory');
      assert.equal(
        disclosureJobs().find((j) => j.name === 'files.check'),
        undefined,
        'and not with the database store',
      );
      // An orphan (bytes written, transaction rolled back) and a leftover temporary file.
      const orphanBytes = new TextEncoder().encode('orphan');
      const orphan = sha(orphanBytes);
      await store.put(orphan, orphanBytes);
      const young = new TextEncoder().encode('young orphan');
      await store.put(sha(young), young);
      const temp = join(dirname(store.pathOf(orphan)), `.${orphan}.0123456789ab.tmp`);
      writeFileSync(temp, 'half');
      const dayAgo = new Date(f.clock.now.getTime() - 25 * 3600_000);
      utimesSync(store.pathOf(orphan), dayAgo, dayAgo);
      utimesSync(temp, dayAgo, dayAgo);
      // A row whose file went missing.
      const lost = textPdf('Lost file');
      await published([{ filename: '丢失.pdf', content: lost }], { title: '文件丢失' });
      rmSync(store.pathOf(sha(lost)));
      problems.length = 0;
      assert.equal(await runJobOnce(f.database.db, check, f.clock.now), 'ran');
      assert.ok(!existsSync(store.pathOf(orphan)), 'old orphan removed');
      assert.ok(!existsSync(temp), 'old temporary file removed');
      assert.ok(existsSync(store.pathOf(sha(young))), 'a young orphan may belong to a running transaction');
      assert.deepEqual(problems, [{ sha256: sha(lost), reason: 'missing' }]);
      assert.equal(await runJobOnce(f.database.db, check, f.clock.now), 'skipped', 'once a day');
      // Files that rows name are never touched.
      assert.ok(existsSync(store.pathOf(sha(textPdf('Shared twice')))));
    });
  });
}
