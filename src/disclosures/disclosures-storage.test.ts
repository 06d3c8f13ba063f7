import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Principal } from '../agencies/index.ts';
import { type TestContext, testContext } from '../agencies/testing.ts';
import { pauseAfterRead, residentId } from '../applications/testing.ts';
import { listAudit, verifyAuditLog } from '../audit/index.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import { runJobOnce } from '../jobs/scheduler.ts';
import { DomainError } from '../kernel/errors.ts';
import { searchDocuments } from '../search/index.ts';
import {
  approve,
  CHECKLIST_IDS,
  channelCounts,
  createDraft,
  disclosureJobs,
  getItem,
  getItemAttachment,
  getPublishedAttachment,
  getPublishedItem,
  listCatalogue,
  listItems,
  listPublishedItems,
  publish,
  recomputePublicationClocks,
  redactItem,
  registerExternalPublication,
  releaseScheduledItems,
  returnItem,
  reviseItem,
  saveCategory,
  signReview,
  submitForReview,
  updateDraft,
  withdraw,
} from './index.ts';
import type { ContentInput } from './item-rules.ts';
import { buildDisclosureFixture, content, type DisclosureFixture, TINY_PDF } from './testing.ts';

async function rejects(promise: Promise<unknown>, code: string, message?: RegExp): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DomainError, `expected DomainError, got ${error}`);
    assert.equal(error.code, code, error.message);
    if (message) assert.match(String(error.details.userMessage ?? error.message), message);
    return error;
  }
  assert.fail(`expected ${code}`);
}

const ID = residentId('41900119800101123');

for (const engine of ENGINES) {
  describe(`disclosures stored on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    let ctx: TestContext;
    let f: DisclosureFixture;

    before(async () => {
      database = await createTestDatabase(engine);
      ctx = testContext(database);
      f = await buildDisclosureFixture(ctx);
    });
    after(async () => database?.drop());

    /** Draft → review → approval, ready to publish. */
    async function approved(
      input: Partial<ContentInput> = {},
      author: Principal = f.editor,
    ): Promise<string> {
      const { itemId } = await createDraft(ctx, author, { agencyId: f.chengliu, content: content(input) });
      await submitForReview(ctx, author, itemId);
      await signReview(ctx, f.reviewer, itemId, { checklist: CHECKLIST_IDS });
      await approve(ctx, f.approver, itemId);
      return itemId;
    }

    async function found(q: string): Promise<string[]> {
      return (await searchDocuments(database.db, { q, agencyIds: [f.chengliu] })).hits.map((h) => h.id);
    }

    it('takes an item from draft to the portal: roles, 索引号, public reads, search, audit', async () => {
      ctx.setNow('2026-03-02T01:00:00.000Z');
      const draft = await createDraft(ctx, f.editor, {
        agencyId: f.chengliu,
        content: content({ title: '承留镇2026年春耕备耕工作方案' }),
        attachments: [{ filename: '方案.pdf', content: TINY_PDF }],
      });
      assert.deepEqual(draft.findings, []);
      // Drafts: the agency's workflow roles and the supervisor above read them; another town and the public do not.
      for (const reader of [f.editor, f.reviewer, f.approver, f.supervisor])
        assert.equal((await getItem(ctx, reader, draft.itemId)).status, 'draft');
      await rejects(getItem(ctx, f.otherEditor, draft.itemId), 'access.not_found');
      await rejects(getPublishedItem(ctx, { itemId: draft.itemId }), 'access.not_found');
      // Only editors draft and submit; only reviewers sign; only approvers approve and publish.
      await rejects(
        createDraft(ctx, f.reviewer, { agencyId: f.chengliu, content: content() }),
        'access.forbidden',
      );
      await rejects(submitForReview(ctx, f.reviewer, draft.itemId), 'access.forbidden');
      await submitForReview(ctx, f.editor, draft.itemId);
      await rejects(
        signReview(ctx, f.editor, draft.itemId, { checklist: CHECKLIST_IDS }),
        'access.forbidden',
      );
      await rejects(
        signReview(ctx, f.reviewer, draft.itemId, { checklist: CHECKLIST_IDS.slice(2) }),
        'conflict.state',
        /审查清单还有2项未确认/,
      );
      await signReview(ctx, f.reviewer, draft.itemId, { checklist: CHECKLIST_IDS });
      await rejects(approve(ctx, f.reviewer, draft.itemId), 'access.forbidden');
      await rejects(publish(ctx, f.approver, draft.itemId), 'conflict.state', /待负责人审批/);
      await approve(ctx, f.approver, draft.itemId);
      const result = await publish(ctx, f.approver, draft.itemId);
      assert.equal(result.indexNumber, '11419001005942312L-JC08-2026-0001');
      assert.equal(result.scheduled, false);

      const item = await getPublishedItem(ctx, { itemId: draft.itemId, agencyId: f.chengliu });
      assert.equal(item.title, '承留镇2026年春耕备耕工作方案');
      assert.equal(item.indexNumber, result.indexNumber);
      assert.equal(item.publishedOn, '2026-03-02');
      assert.equal(item.categoryName, '农村危房改造');
      assert.equal(item.validity, '有效');
      assert.equal(item.attachments.length, 1);
      await rejects(getPublishedItem(ctx, { itemId: draft.itemId, agencyId: f.sili }), 'access.not_found');
      const file = await getPublishedAttachment(ctx, {
        itemId: draft.itemId,
        attachmentId: item.attachments[0]!.id,
      });
      assert.equal(file.mediaType, 'application/pdf');
      assert.deepEqual(Buffer.from(file.content), Buffer.from(TINY_PDF));
      const list = await listPublishedItems(ctx, { agencyId: f.chengliu, categoryCode: 'JC08' });
      assert.deepEqual(
        list.items.map((i) => i.id),
        [draft.itemId],
      );
      assert.deepEqual(await found('春耕备耕'), [`disclosure:${draft.itemId}`]);

      const actions = (await listAudit(database.db, {}))
        .filter((a) => a.object_id === draft.itemId)
        .map((a) => a.action)
        .reverse();
      assert.deepEqual(actions, [
        'disclosure.created',
        'disclosure.submitted',
        'disclosure.review_signed',
        'disclosure.approved',
        'disclosure.published',
      ]);
      assert.deepEqual((await verifyAuditLog(database.db)).problems, []);
    });

    it('blocks the review of an item with an ID number until it is redacted', async () => {
      const { itemId, findings } = await createDraft(ctx, f.editor, {
        agencyId: f.chengliu,
        content: content({
          title: '危房改造补助名单',
          bodyHtml: `<p>户主王五，身份证号<b>${ID.slice(0, 6)}</b>${ID.slice(6)}，补助2万元。</p>`,
        }),
      });
      assert.deepEqual(
        findings.map((x) => [x.field, x.kind, x.preview]),
        [['body', 'id_number', `${ID.slice(0, 4)}**********${ID.slice(-4)}`]],
      );
      await submitForReview(ctx, f.editor, itemId);
      await rejects(
        signReview(ctx, f.reviewer, itemId, { checklist: CHECKLIST_IDS }),
        'conflict.state',
        /1处个人信息.*须先去除，或逐项说明/,
      );
      // The editor cannot change it during the review; the reviewer redacts it.
      await rejects(updateDraft(ctx, f.editor, itemId, { content: content() }), 'conflict.state');
      await rejects(redactItem(ctx, f.editor, itemId), 'access.forbidden');
      assert.deepEqual(await redactItem(ctx, f.reviewer, itemId), { redacted: 1, remaining: 0 });
      const view = await getItem(ctx, f.reviewer, itemId);
      assert.deepEqual(view.findings, []);
      assert.ok(!view.content.bodyHtml.includes(ID.slice(6)));
      await signReview(ctx, f.reviewer, itemId, { checklist: CHECKLIST_IDS });
      await approve(ctx, f.approver, itemId);
      await publish(ctx, f.approver, itemId);
      const published = await getPublishedItem(ctx, { itemId });
      assert.match(published.bodyHtml, /<b>4190\*\*<\/b>\*{8}1123|<b>4190\*\*<\/b>\*+/);
      assert.ok(!JSON.stringify(published).includes(ID));
      assert.ok(!JSON.stringify(await listAudit(database.db, {})).includes(ID.slice(6)));
    });

    it('publishes a finding the reviewer justifies, with the reason on record', async () => {
      const { itemId } = await createDraft(ctx, f.editor, {
        agencyId: f.chengliu,
        content: content({ title: '防汛值班安排', bodyHtml: '<p>值班手机：13912345678。</p>' }),
      });
      await submitForReview(ctx, f.editor, itemId);
      const key = (await getItem(ctx, f.reviewer, itemId)).findings[0]!.key;
      await rejects(
        signReview(ctx, f.reviewer, itemId, {
          checklist: CHECKLIST_IDS,
          justifications: [{ key: 'body:mobile:99', reason: 'x' }],
        }),
        'conflict.state',
      );
      await signReview(ctx, f.reviewer, itemId, {
        checklist: CHECKLIST_IDS,
        justifications: [{ key, reason: '防汛值班专用手机，须向社会公布' }],
      });
      const view = await getItem(ctx, f.approver, itemId);
      assert.deepEqual(view.justifications, [
        { key, preview: '139****5678', reason: '防汛值班专用手机，须向社会公布' },
      ]);
      assert.equal(view.status, 'reviewed');
      // The editor redacting after the signature is no longer possible: the approver returns it first.
      await rejects(redactItem(ctx, f.editor, itemId), 'conflict.state');
      await returnItem(ctx, f.approver, itemId, { reason: '请去除手机号，改为值班座机' });
      assert.equal((await getItem(ctx, f.editor, itemId)).status, 'draft');
      await updateDraft(ctx, f.editor, itemId, {
        content: content({ title: '防汛值班安排', bodyHtml: '<p>值班电话：0391-6612345。</p>' }),
      });
      await submitForReview(ctx, f.editor, itemId);
      await signReview(ctx, f.reviewer, itemId, { checklist: CHECKLIST_IDS });
      assert.equal((await getItem(ctx, f.editor, itemId)).findings.length, 0);
    });

    it('keeps the author from approving (separation of duties)', async () => {
      const { itemId } = await createDraft(ctx, f.chief, {
        agencyId: f.chengliu,
        content: content({ title: '镇长撰写的通知' }),
      });
      await submitForReview(ctx, f.chief, itemId);
      await signReview(ctx, f.reviewer, itemId, { checklist: CHECKLIST_IDS });
      await rejects(approve(ctx, f.chief, itemId), 'access.separation_of_duties');
      await approve(ctx, f.approver, itemId);
      // Whoever edited the version counts as an author too.
      const other = await createDraft(ctx, f.editor, {
        agencyId: f.chengliu,
        content: content({ title: '合写的通知' }),
      });
      await updateDraft(ctx, f.chief, other.itemId, { content: content({ title: '合写的通知（修改）' }) });
      await submitForReview(ctx, f.editor, other.itemId);
      await signReview(ctx, f.reviewer, other.itemId, { checklist: CHECKLIST_IDS });
      await rejects(approve(ctx, f.chief, other.itemId), 'access.separation_of_duties');
    });

    it('publishes at a set time: invisible until then, then public and searchable', async () => {
      ctx.setNow('2026-03-02T02:00:00.000Z');
      const itemId = await approved({ title: '清明节森林防火倡议书' });
      await rejects(publish(ctx, f.approver, itemId, { publishAt: 'tomorrow' }), 'input.invalid');
      // 2026-03-03 09:00 Beijing time.
      const result = await publish(ctx, f.approver, itemId, { publishAt: '2026-03-03T09:00' });
      assert.deepEqual([result.scheduled, result.publishAt], [true, '2026-03-03T01:00:00.000Z']);
      assert.equal((await getItem(ctx, f.editor, itemId)).status, 'scheduled');
      const scheduled = await listItems(ctx, f.editor, { agencyId: f.chengliu, status: 'scheduled' });
      assert.deepEqual(
        scheduled.items.map((i) => i.id),
        [itemId],
      );
      await rejects(getPublishedItem(ctx, { itemId }), 'access.not_found');
      assert.ok(
        !(await listPublishedItems(ctx, { agencyId: f.chengliu })).items.some((i) => i.id === itemId),
      );
      assert.equal(await releaseScheduledItems(database.db, ctx.now()), 0);
      assert.deepEqual(await found('森林防火'), []);
      const before = (await channelCounts(database.db, f.chengliu, 2026, ctx.now())).portal;

      ctx.setNow('2026-03-03T01:00:00.000Z');
      assert.equal((await getPublishedItem(ctx, { itemId })).publishedOn, '2026-03-03');
      assert.equal((await getItem(ctx, f.editor, itemId)).status, 'published');
      // The release job, as the scheduler runs it (inside its own locked transaction).
      assert.equal(await runJobOnce(database.db, disclosureJobs()[0]!, ctx.now()), 'ran');
      assert.equal(await releaseScheduledItems(database.db, ctx.now()), 0);
      assert.deepEqual(await found('森林防火'), [`disclosure:${itemId}`]);
      assert.equal((await channelCounts(database.db, f.chengliu, 2026, ctx.now())).portal, before + 1);
    });

    it('withdraws an item: gone from the portal, its attachments and search; the record stays', async () => {
      const { itemId } = await createDraft(ctx, f.editor, {
        agencyId: f.chengliu,
        content: content({ title: '错发的征地补偿公告' }),
        attachments: [{ filename: '补偿标准.pdf', content: TINY_PDF }],
      });
      await submitForReview(ctx, f.editor, itemId);
      await signReview(ctx, f.reviewer, itemId, { checklist: CHECKLIST_IDS });
      await approve(ctx, f.approver, itemId);
      const { indexNumber } = await publish(ctx, f.approver, itemId);
      const attachmentId = (await getPublishedItem(ctx, { itemId })).attachments[0]!.id;
      assert.deepEqual(await found('征地补偿公告'), [`disclosure:${itemId}`]);
      await rejects(withdraw(ctx, f.editor, itemId, { reason: '错发' }), 'access.forbidden');
      await rejects(withdraw(ctx, f.approver, itemId, { reason: ' ' }), 'input.invalid');
      await withdraw(ctx, f.approver, itemId, { reason: '公告内容有误，已重新发布' });
      await rejects(getPublishedItem(ctx, { itemId }), 'access.not_found');
      await rejects(getPublishedAttachment(ctx, { itemId, attachmentId }), 'access.not_found');
      assert.ok(
        !(await listPublishedItems(ctx, { agencyId: f.chengliu })).items.some((i) => i.id === itemId),
      );
      assert.deepEqual(await found('征地补偿公告'), []);
      const staffView = await getItem(ctx, f.editor, itemId);
      assert.deepEqual(
        [staffView.status, staffView.indexNumber, staffView.withdrawReason],
        ['withdrawn', indexNumber, '公告内容有误，已重新发布'],
      );
      assert.equal(
        (await getItemAttachment(ctx, f.editor, { itemId, attachmentId })).mediaType,
        'application/pdf',
      );
      await rejects(withdraw(ctx, f.approver, itemId, { reason: '再次' }), 'conflict.state');
      await rejects(reviseItem(ctx, f.editor, itemId), 'conflict.state');
    });

    it('revises a published item into a new version; the portal shows the old one until the new is published', async () => {
      ctx.setNow('2026-03-04T02:00:00.000Z');
      const itemId = await approved({ title: '2026年城乡居民医保缴费标准' });
      const first = await publish(ctx, f.approver, itemId);
      ctx.setNow('2026-03-05T02:00:00.000Z');
      await rejects(updateDraft(ctx, f.editor, itemId, { content: content() }), 'conflict.state');
      const revised = await reviseItem(ctx, f.editor, itemId, {
        content: content({ title: '2026年城乡居民医保缴费标准（更正）', validity: 'valid' }),
      });
      assert.equal(revised.version, 2);
      assert.equal((await getPublishedItem(ctx, { itemId })).title, '2026年城乡居民医保缴费标准');
      assert.deepEqual(await found('更正'), []);
      await submitForReview(ctx, f.editor, itemId);
      await signReview(ctx, f.reviewer, itemId, { checklist: CHECKLIST_IDS });
      await approve(ctx, f.approver, itemId);
      const second = await publish(ctx, f.approver, itemId);
      assert.equal(second.indexNumber, first.indexNumber);
      const shown = await getPublishedItem(ctx, { itemId });
      assert.deepEqual(
        [shown.title, shown.version, shown.publishedOn, shown.updatedOn],
        ['2026年城乡居民医保缴费标准（更正）', 2, '2026-03-04', '2026-03-05'],
      );
      const view = await getItem(ctx, f.editor, itemId);
      assert.deepEqual(
        view.versions.map((v) => [v.version, v.title]),
        [
          [1, '2026年城乡居民医保缴费标准'],
          [2, '2026年城乡居民医保缴费标准（更正）'],
        ],
      );
      assert.deepEqual(await found('更正'), [`disclosure:${itemId}`]);
      assert.equal(
        (await listPublishedItems(ctx, { agencyId: f.chengliu })).items.filter((i) => i.id === itemId).length,
        1,
      );
    });

    it('gives unique 索引号 to items published at the same time, per agency and year', async () => {
      ctx.setNow('2026-03-06T02:00:00.000Z');
      const ids: string[] = [];
      for (let i = 0; i < 8; i++)
        ids.push(await approved({ title: `并发发布的信息${i}`, categoryCode: i % 2 ? 'FD07' : 'JC08' }));
      const results = await Promise.all(ids.map((id) => publish(ctx, f.approver, id)));
      const serials = results.map((r) => Number(r.indexNumber.slice(-4))).sort((a, b) => a - b);
      assert.equal(new Set(serials).size, 8);
      assert.deepEqual(
        serials,
        [...serials].sort((a, b) => a - b),
      );
      assert.equal(serials.at(-1)! - serials[0]!, 7);
      assert.ok(results.every((r) => /^11419001005942312L-(FD07|JC08)-2026-\d{4}$/.test(r.indexNumber)));
      // Another agency numbers its own year from 1, under its code (no credit code: GK + its id).
      const sili = await createDraft(ctx, f.otherEditor, { agencyId: f.sili, content: content() });
      await submitForReview(ctx, f.otherEditor, sili.itemId);
      assert.equal((await getItem(ctx, f.supervisor, sili.itemId)).status, 'in_review');
    });

    it('sanitizes XSS in titles, bodies and attachment names', async () => {
      const { itemId } = await createDraft(ctx, f.editor, {
        agencyId: f.chengliu,
        content: content({
          title: '<script>alert(1)</script>关于<img src=x onerror=alert(1)>的通知',
          summary: '<a href="javascript:alert(1)">概述</a>',
          bodyHtml:
            '<p onmouseover="alert(1)">正文</p><script>alert(2)</script><iframe src="//evil.example"></iframe><a href="javascript:alert(3)">x</a><svg onload=alert(4)></svg><style>p{}</style>',
          keywords: '<b>关键词</b>',
        }),
        attachments: [{ filename: '<img src=x onerror=alert(1)>"说明".pdf', content: TINY_PDF }],
      });
      await rejects(
        createDraft(ctx, f.editor, {
          agencyId: f.chengliu,
          content: content(),
          attachments: [
            { filename: 'a.pdf', content: new Uint8Array(Buffer.from('<html><script>alert(1)</script>')) },
          ],
        }),
        'input.invalid',
        /格式不受支持/,
      );
      const view = await getItem(ctx, f.editor, itemId);
      assert.equal(view.content.title, '关于的通知');
      assert.equal(view.content.summary, '概述');
      assert.equal(view.content.bodyHtml, '<p>正文</p><a rel="noopener noreferrer nofollow">x</a>');
      assert.deepEqual(view.content.keywords, ['关键词']);
      assert.equal(view.attachments[0]!.filename, 'img src=x onerror=alert(1)说明.pdf');
      assert.ok(!/[<>"]/.test(view.attachments[0]!.filename));
    });

    it('flags items not published within 20 working days of being formed (条例第二十六条)', async () => {
      ctx.setNow('2026-03-09T02:00:00.000Z'); // Monday
      const late = await createDraft(ctx, f.editor, {
        agencyId: f.chengliu,
        content: content({ title: '迟到的信息', formedOn: '2026-01-05' }),
      });
      const onTime = await createDraft(ctx, f.editor, {
        agencyId: f.chengliu,
        content: content({ title: '及时的信息', formedOn: '2026-03-06' }),
      });
      const flagged = await listItems(ctx, f.supervisor, { agencyId: f.chengliu, late: true });
      assert.ok(flagged.items.some((i) => i.id === late.itemId && i.late));
      assert.ok(!flagged.items.some((i) => i.id === onTime.itemId));
      const notLate = await listItems(ctx, f.editor, { agencyId: f.chengliu, late: false });
      assert.ok(notLate.items.some((i) => i.id === onTime.itemId && !i.late));
      const timeliness = (await getItem(ctx, f.editor, late.itemId)).timeliness!;
      assert.equal(timeliness.late, true);
      assert.match(timeliness.explanation, /超过条例第二十六条规定的期限/);
      await rejects(listItems(ctx, f.otherEditor, { agencyId: f.chengliu }), 'access.not_found');
      const titled = await listItems(ctx, f.editor, { agencyId: f.chengliu, q: '迟到' });
      assert.deepEqual(
        titled.items.map((i) => i.id),
        [late.itemId],
      );
      assert.equal((await listItems(ctx, f.editor, { agencyId: f.chengliu, q: '100%_' })).total, 0);
      // The daily job puts back clocks computed with another calendar.
      await database.db
        .updateTable('disclosure_items')
        .set({ due_on: '2000-01-01', late_on: '2000-01-02' })
        .where('id', '=', onTime.itemId)
        .execute();
      assert.equal(
        (await listItems(ctx, f.editor, { agencyId: f.chengliu, late: true })).items.some(
          (i) => i.id === onTime.itemId,
        ),
        true,
      );
      assert.equal(await runJobOnce(database.db, disclosureJobs()[1]!, ctx.now()), 'ran');
      assert.equal(
        (await listItems(ctx, f.editor, { agencyId: f.chengliu, late: true })).items.some(
          (i) => i.id === onTime.itemId,
        ),
        false,
      );
      assert.equal(await recomputePublicationClocks(database.db), 0);
    });

    it('keeps the clock an edit of the 成文日期 wrote while the daily job was computing the old one', async () => {
      ctx.setNow('2026-03-09T02:00:00.000Z');
      const item = await createDraft(ctx, f.editor, {
        agencyId: f.chengliu,
        content: content({ title: '成文日期有误的信息', formedOn: '2026-03-06' }),
      });
      // A clock from another calendar, so that the job has something to write for this item.
      await database.db
        .updateTable('disclosure_items')
        .set({ due_on: '2000-01-01', late_on: '2000-01-02' })
        .where('id', '=', item.itemId)
        .execute();
      // The job stops after reading the item's version (the old 成文日期)…
      const pausing = pauseAfterRead(
        database.db,
        'disclosure_versions',
        (row) => row.item_id === item.itemId,
      );
      const job = recomputePublicationClocks(pausing.db);
      await pausing.paused;
      // …while the editor corrects the 成文日期 to January: the item is now late.
      await updateDraft(ctx, f.editor, item.itemId, {
        content: content({ title: '成文日期有误的信息', formedOn: '2026-01-05' }),
      });
      const edited = await database.db
        .selectFrom('disclosure_items')
        .select(['due_on', 'late_on'])
        .where('id', '=', item.itemId)
        .executeTakeFirstOrThrow();
      pausing.release();
      await job;
      const after = await database.db
        .selectFrom('disclosure_items')
        .select(['due_on', 'late_on'])
        .where('id', '=', item.itemId)
        .executeTakeFirstOrThrow();
      assert.deepEqual(after, edited, 'the edit’s clock stays');
      assert.equal((await getItem(ctx, f.editor, item.itemId)).timeliness?.late, true);
    });

    it('keeps the catalogue per agency: renamed, hidden and own categories', async () => {
      await rejects(saveCategory(ctx, f.reviewer, { agencyId: f.chengliu, name: 'x' }), 'access.forbidden');
      await saveCategory(ctx, f.editor, { agencyId: f.chengliu, code: 'JC10', name: '乡村振兴' });
      await saveCategory(ctx, f.editor, {
        agencyId: f.chengliu,
        code: 'JC05',
        name: '税收管理',
        hidden: true,
      });
      const own = await saveCategory(ctx, f.editor, { agencyId: f.chengliu, name: '村居信息' });
      assert.deepEqual([own.code, own.group], ['ZD001', 'own']);
      await rejects(
        saveCategory(ctx, f.editor, { agencyId: f.chengliu, name: '村居信息' }),
        'conflict.exists',
      );
      await rejects(saveCategory(ctx, f.editor, { agencyId: f.chengliu, name: '<b>x</b>' }), 'input.invalid');
      const catalogue = await listCatalogue(database.db, f.chengliu);
      assert.equal(catalogue.find((c) => c.code === 'JC10')?.name, '乡村振兴');
      assert.equal(catalogue.find((c) => c.code === 'JC05')?.hidden, true);
      assert.equal((await listCatalogue(database.db, f.sili)).find((c) => c.code === 'JC10')?.name, '扶贫');
      await rejects(
        createDraft(ctx, f.editor, { agencyId: f.chengliu, content: content({ categoryCode: 'JC05' }) }),
        'input.invalid',
        /不在本机关的公开目录/,
      );
      const { itemId } = await createDraft(ctx, f.editor, {
        agencyId: f.chengliu,
        content: content({ categoryCode: 'ZD001' }),
      });
      assert.equal((await getItem(ctx, f.editor, itemId)).category?.name, '村居信息');
    });

    it('counts publications per channel and year with registered outside publications', async () => {
      ctx.setNow('2026-03-10T02:00:00.000Z');
      const register = (input: Partial<Parameters<typeof registerExternalPublication>[2]>) =>
        registerExternalPublication(ctx, f.editor, {
          agencyId: f.chengliu,
          channel: 'wechat',
          title: '承留镇春耕动员会',
          url: 'https://mp.weixin.qq.com/s/abc',
          publishedOn: '2026-03-09',
          ...input,
        });
      await register({});
      await rejects(register({}), 'conflict.exists');
      await rejects(register({ url: null }), 'input.invalid', /请填写发布链接/);
      await rejects(register({ url: 'javascript:alert(1)' }), 'input.invalid', /http/);
      await rejects(register({ channel: 'portal', url: 'https://a.cn/1' }), 'input.invalid');
      await rejects(register({ publishedOn: '2026-03-11', url: 'https://a.cn/2' }), 'input.invalid');
      await register({ url: 'https://mp.weixin.qq.com/s/def', publishedOn: '2025-12-31' });
      await register({ channel: 'gazette', url: null, title: '承留镇政府公报2026年第1期' });
      await rejects(
        registerExternalPublication(ctx, f.reviewer, {
          agencyId: f.chengliu,
          channel: 'wechat',
          title: 'x',
          url: 'https://a.cn/3',
          publishedOn: '2026-03-09',
        }),
        'access.forbidden',
      );
      const counts = await channelCounts(database.db, f.chengliu, 2026, ctx.now());
      const publicCount = (await listPublishedItems(ctx, { agencyId: f.chengliu, pageSize: 100 })).total;
      // Portal: the items first published in 2026 and not withdrawn (one revised item counted once).
      assert.equal(counts.portal, publicCount);
      assert.deepEqual([counts.wechat, counts.gazette, counts.weibo], [1, 1, 0]);
      assert.equal((await channelCounts(database.db, f.chengliu, 2025)).wechat, 1);
    });

    it('refuses a stale form and writes nothing', async () => {
      const { itemId } = await createDraft(ctx, f.editor, {
        agencyId: f.chengliu,
        content: content({ title: '并发编辑' }),
      });
      const shown = (await getItem(ctx, f.editor, itemId)).eventCount;
      await updateDraft(ctx, f.editor, itemId, {
        content: content({ title: '第一次修改' }),
        expectedEventCount: shown,
      });
      await rejects(
        updateDraft(ctx, f.editor, itemId, {
          content: content({ title: '第二次修改' }),
          expectedEventCount: shown,
        }),
        'conflict.state',
        /已被他人更新/,
      );
      assert.equal((await getItem(ctx, f.editor, itemId)).content.title, '第一次修改');
    });
  });
}
