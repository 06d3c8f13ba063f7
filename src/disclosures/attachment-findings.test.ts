// The 保密审查 scan beyond the text fields: attachments' names, the body's link addresses and
// the attachments' contents (scanned on upload) — each blocks the signature until it is removed,
// redacted or justified, and nothing of the number reaches the portal or the WeChat export.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { type TestContext, testContext } from '../agencies/testing.ts';
import { residentId } from '../applications/testing.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import { DomainError } from '../kernel/errors.ts';
import {
  approve,
  CHECKLIST_IDS,
  createDraft,
  getItem,
  getPublishedItem,
  publish,
  redactItem,
  returnItem,
  reviseItem,
  signReview,
  submitForReview,
  updateDraft,
  wechatFragment,
} from './index.ts';
import { describeFinding } from './personal-data.ts';
import { buildDisclosureFixture, content, type DisclosureFixture, TINY_PDF } from './testing.ts';
import { reviewProblems } from './workflow.ts';

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

async function xlsxOf(rows: readonly (readonly (string | number)[])[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名单');
  for (const row of rows) sheet.addRow([...row]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const ID = residentId('41010219800101123');
const JPG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);

for (const engine of ENGINES) {
  describe(`attachment and link findings on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    let ctx: TestContext;
    let f: DisclosureFixture;

    before(async () => {
      database = await createTestDatabase(engine);
      ctx = testContext(database);
      f = await buildDisclosureFixture(ctx);
    });
    after(async () => database?.drop());

    async function published(itemId: string): Promise<string> {
      await approve(ctx, f.approver, itemId);
      await publish(ctx, f.approver, itemId);
      const item = await getPublishedItem(ctx, { itemId });
      const fragment = wechatFragment({
        title: item.title,
        indexNumber: item.indexNumber,
        agencyName: '承留镇',
        formedOn: item.formedOn,
        documentNumber: item.documentNumber,
        publishedOn: null,
        bodyHtml: item.bodyHtml,
        attachments: item.attachments.map((a) => ({ filename: a.filename, url: null })),
        sourceUrl: null,
        baseUrl: 'https://gk.example.gov.cn',
      });
      return `${JSON.stringify(item)}\n${fragment}`;
    }

    it('scans attachment names: blocks the signature until redacted (renamed) or removed', async () => {
      const { itemId, findings } = await createDraft(ctx, f.editor, {
        agencyId: f.chengliu,
        content: content({ title: '补助对象材料' }),
        attachments: [
          { filename: `张三${ID}.pdf`, content: TINY_PDF },
          { filename: '李四13812345678.jpg', content: JPG },
        ],
      });
      assert.deepEqual(
        findings.map((x) => [x.field, x.kind]),
        [
          ['attachments', 'id_number'],
          ['attachments', 'mobile'],
        ],
      );
      assert.match(describeFinding(findings[1]!), /^附件名称中：手机号码 138\*{4}5678$/);
      await submitForReview(ctx, f.editor, itemId);
      await rejects(
        signReview(ctx, f.reviewer, itemId, { checklist: CHECKLIST_IDS }),
        'conflict.state',
        /2处个人信息/,
      );
      assert.deepEqual(await redactItem(ctx, f.reviewer, itemId), { redacted: 2, remaining: 0 });
      const view = await getItem(ctx, f.reviewer, itemId);
      assert.deepEqual(view.findings, []);
      assert.deepEqual(
        view.attachments.map((a) => a.filename),
        [`张三${ID.slice(0, 4)}**********${ID.slice(-4)}.pdf`, '李四138****5678.jpg'],
      );
      await signReview(ctx, f.reviewer, itemId, { checklist: CHECKLIST_IDS });
      const out = await published(itemId);
      assert.ok(!out.includes(ID) && !out.includes(ID.slice(6)) && !out.includes('13812345678'), out);
      assert.match(out, /李四138\*{4}5678\.jpg/);
    });

    it('an attachment name found in a draft is gone once the editor removes the file', async () => {
      const { itemId, attachmentIds } = await createDraft(ctx, f.editor, {
        agencyId: f.chengliu,
        content: content({ title: '材料' }),
        attachments: [{ filename: '李四13812345678.jpg', content: JPG }],
      });
      const { findings } = await updateDraft(ctx, f.editor, itemId, { removeAttachmentIds: attachmentIds });
      assert.deepEqual(findings, []);
    });

    it('scans link addresses in the body and masks them in the href', async () => {
      const body =
        `<p>查询<a href="https://x.gov.cn/q?sfz=${ID}">结果</a>，` +
        '联系<a href="mailto:13812345678@139.com">邮箱</a></p>';
      const { itemId, findings } = await createDraft(ctx, f.editor, {
        agencyId: f.chengliu,
        content: content({ title: '查询方式', bodyHtml: body }),
      });
      assert.deepEqual(
        findings.map((x) => [x.field, x.kind]),
        [
          ['links', 'id_number'],
          ['links', 'mobile'],
        ],
      );
      await submitForReview(ctx, f.editor, itemId);
      await rejects(
        signReview(ctx, f.reviewer, itemId, { checklist: CHECKLIST_IDS }),
        'conflict.state',
        /2处个人信息/,
      );
      assert.deepEqual(await redactItem(ctx, f.reviewer, itemId), { redacted: 2, remaining: 0 });
      const html = (await getItem(ctx, f.reviewer, itemId)).content.bodyHtml;
      assert.match(html, /href="mailto:138\*{4}5678@139\.com"/);
      await signReview(ctx, f.reviewer, itemId, { checklist: CHECKLIST_IDS });
      const out = await published(itemId);
      assert.ok(!out.includes(ID) && !out.includes(ID.slice(6)) && !out.includes('13812345678'), out);
    });

    it('scans attachment contents on upload: blocks until the file is replaced or justified', async () => {
      const list = await xlsxOf([
        ['姓名', '身份证号', '电话'],
        ['王五', ID, '13812345678'],
      ]);
      const { itemId, findings, attachmentIds } = await createDraft(ctx, f.editor, {
        agencyId: f.chengliu,
        content: content({ title: '低保对象名单' }),
        attachments: [
          { filename: '低保名单.xlsx', content: list },
          { filename: '现场照片.jpg', content: JPG },
        ],
      });
      const id = attachmentIds[0]!;
      assert.deepEqual(
        findings.map((x) => x.key),
        [`attachment:${id}:id_number:1`, `attachment:${id}:mobile:2`],
      );
      assert.equal(
        describeFinding(findings[0]!),
        `附件《低保名单.xlsx》第1处：居民身份证号码 ${ID.slice(0, 4)}**********${ID.slice(-4)}`,
      );
      // Nothing of the number is kept with the attachment, only the masks.
      const stored = await database.db
        .selectFrom('disclosure_attachments')
        .select('content_findings')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.ok(stored.content_findings && !stored.content_findings.includes(ID.slice(6)));
      await submitForReview(ctx, f.editor, itemId);
      await rejects(
        signReview(ctx, f.reviewer, itemId, { checklist: CHECKLIST_IDS }),
        'conflict.state',
        /附件内容中有2处个人信息.*请删除该附件或上传去除个人信息后的文件/,
      );
      // The redaction cannot change a file, and says so.
      await rejects(
        redactItem(ctx, f.reviewer, itemId),
        'conflict.state',
        /请删除该附件或上传去除个人信息后的文件/,
      );
      // The editor replaces the file with one without the numbers.
      await returnItem(ctx, f.reviewer, itemId, { reason: '请上传去除身份证号的名单' });
      const clean = await xlsxOf([
        ['姓名', '身份证号', '电话'],
        ['王五', `${ID.slice(0, 4)}**********${ID.slice(-4)}`, '138****5678'],
      ]);
      const updated = await updateDraft(ctx, f.editor, itemId, {
        removeAttachmentIds: [id],
        addAttachments: [{ filename: '低保名单.xlsx', content: clean }],
      });
      assert.deepEqual(updated.findings, []);
      await submitForReview(ctx, f.editor, itemId);
      await signReview(ctx, f.reviewer, itemId, { checklist: CHECKLIST_IDS });
      await published(itemId);
    });

    it('a justified finding in a file is signed, kept in a revision; an old file is unchecked until submitted', async () => {
      const { itemId, findings } = await createDraft(ctx, f.editor, {
        agencyId: f.chengliu,
        content: content({ title: '防汛值班表' }),
        attachments: [{ filename: '值班表.xlsx', content: await xlsxOf([['值班手机', '13912345678']]) }],
      });
      assert.equal(findings.length, 1);
      await submitForReview(ctx, f.editor, itemId);
      await signReview(ctx, f.reviewer, itemId, {
        checklist: CHECKLIST_IDS,
        justifications: [{ key: findings[0]!.key, reason: '防汛值班专用手机，须向社会公布' }],
      });
      await published(itemId);
      const revised = await reviseItem(ctx, f.editor, itemId);
      assert.deepEqual(
        revised.findings.map((x) => [x.field, x.kind, x.preview]),
        [['attachmentContent', 'mobile', '139****5678']],
      );
      // A file stored before the scan existed: not checked, which needs a reason too.
      await database.db
        .updateTable('disclosure_attachments')
        .set({ content_findings: null })
        .where('item_id', '=', itemId)
        .where('version', '=', revised.version)
        .execute();
      const view = await getItem(ctx, f.editor, itemId);
      assert.deepEqual(
        view.findings.map((x) => [x.kind, describeFinding(x)]),
        [['unchecked', '附件《值班表.xlsx》：附件内容未能检查']],
      );
      // Unchecked blocks the signature like a number does.
      assert.ok(
        reviewProblems(CHECKLIST_IDS, view.findings, []).some((p) => /1个附件的内容未能检查/.test(p)),
      );
      // Going to 保密审查 scans such a file (outside the transaction): its real findings replace it.
      const { findings: submitted } = await submitForReview(ctx, f.editor, itemId);
      assert.deepEqual(
        submitted.map((x) => [x.field, x.kind, x.preview]),
        [['attachmentContent', 'mobile', '139****5678']],
      );
      await rejects(
        signReview(ctx, f.reviewer, itemId, { checklist: CHECKLIST_IDS }),
        'conflict.state',
        /附件内容中有1处个人信息/,
      );
      await signReview(ctx, f.reviewer, itemId, {
        checklist: CHECKLIST_IDS,
        justifications: [{ key: submitted[0]!.key, reason: '防汛值班专用手机，须向社会公布' }],
      });
    });
  });
}
