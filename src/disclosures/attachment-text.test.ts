import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { after, before, describe, it } from 'node:test';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import ExcelJS from 'exceljs';
import { type TestContext, testContext } from '../agencies/testing.ts';
import { residentId } from '../applications/testing.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import { declaringHugeUnzippedSize } from '../kernel/zip-testing.ts';
import { searchDocuments } from '../search/index.ts';
import {
  attachmentReaders,
  attachmentsText,
  attachmentTextFailures,
  checkZipSize,
  extractAttachmentText,
  MAX_ATTACHMENT_TEXT,
  readAttachmentText,
} from './attachment-text.ts';
import type { AttachmentInput } from './attachments.ts';
import {
  approve,
  CHECKLIST_IDS,
  createDraft,
  publish,
  releaseScheduledItems,
  signReview,
  submitForReview,
} from './index.ts';
import { buildDisclosureFixture, content, type DisclosureFixture, TINY_PDF, textPdf } from './testing.ts';

const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function docxOf(paragraphs: readonly string[], cells: readonly string[] = []): Promise<Uint8Array> {
  const doc = new Document({
    sections: [
      {
        children: [
          ...paragraphs.map((p) => new Paragraph({ children: [new TextRun(p)] })),
          ...(cells.length > 0
            ? [
                new Table({
                  rows: [
                    new TableRow({
                      children: cells.map((c) => new TableCell({ children: [new Paragraph(c)] })),
                    }),
                  ],
                }),
              ]
            : []),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

async function xlsxOf(rows: readonly (readonly (string | number)[])[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名单');
  for (const row of rows) sheet.addRow([...row]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const ID = residentId('41900119800101123');

describe('attachment text (files)', () => {
  it('reads PDF, DOCX, XLSX and plain text', async () => {
    assert.equal(
      await extractAttachmentText({
        mediaType: PDF,
        content: textPdf(['Zylophant budget', 'second (line)']),
      }),
      'Zylophant budget\nsecond (line)',
    );
    const docx = await extractAttachmentText({
      mediaType: DOCX,
      content: await docxOf(['第一段 鹳雀楼补助细则', '第二段'], ['表格甲', '表格乙']),
    });
    assert.match(docx!, /第一段 鹳雀楼补助细则\n第二段\n表格甲\n表格乙/);
    const xlsx = await extractAttachmentText({
      mediaType: XLSX,
      content: await xlsxOf([
        ['姓名', '金额'],
        ['张某', 1200],
      ]),
    });
    assert.equal(xlsx, '名单\n姓名 金额\n张某 1200');
    assert.equal(
      await extractAttachmentText({
        mediaType: 'text/plain',
        content: new TextEncoder().encode('\ufeff纯文本\r\n第二行'),
      }),
      '纯文本\n第二行',
    );
    const gbk = Buffer.from([0xd6, 0xd0, 0xce, 0xc4]); // 中文 in GB18030
    assert.equal(await extractAttachmentText({ mediaType: 'text/plain', content: gbk }), '中文');
    assert.equal(await extractAttachmentText({ mediaType: 'image/png', content: new Uint8Array(8) }), null);
  });

  it('reads a sheet with a blank merged range (a common header layout) instead of giving up', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名单');
    sheet.mergeCells('A1:C1');
    sheet.addRow(['姓名', '身份证号']);
    sheet.addRow(['张某', ID]);
    const text = await extractAttachmentText({
      mediaType: XLSX,
      content: new Uint8Array(await workbook.xlsx.writeBuffer()),
    });
    assert.equal(text, `名单\n姓名 身份证号\n张某 ${ID}`);
  });

  it('reads PDF, DOCX and XLSX in a worker that stays, to the same text as in this thread', async () => {
    const files = [
      { mediaType: PDF, content: textPdf(['Workerword']) },
      { mediaType: DOCX, content: await docxOf(['工作线程里读的文档']) },
      { mediaType: XLSX, content: await xlsxOf([['工作线程', 42]]) },
    ];
    const started = attachmentReaders.started;
    for (const file of files) {
      const copy = Buffer.from(file.content);
      assert.equal(await readAttachmentText(file), await extractAttachmentText(file));
      assert.ok(Buffer.from(file.content).equals(copy), 'the caller’s bytes are intact');
    }
    for (const file of files) await readAttachmentText(file);
    assert.ok(attachmentReaders.started >= 1, 'read in a worker');
    assert.ok(attachmentReaders.started - started <= 1, 'six files, one worker at most started');
    assert.equal(
      await readAttachmentText({ mediaType: 'text/plain', content: Buffer.from('纯文本') }),
      '纯文本',
    );
    // The worker's refusal crosses back under its own name.
    const bomb = declaringHugeUnzippedSize(files[1]!.content);
    await assert.rejects(readAttachmentText({ mediaType: DOCX, content: bomb }), {
      name: 'ZipRefused',
      message: /too large/,
    });
  });

  it('does not change the bytes it reads', async () => {
    const bytes = textPdf(['unchanged']);
    const copy = Buffer.from(bytes);
    await extractAttachmentText({ mediaType: PDF, content: bytes });
    assert.equal(bytes.byteLength, copy.byteLength);
    assert.ok(Buffer.from(bytes).equals(copy));
  });

  it('throws for a broken file, and the item-level text leaves it out and reports ids only', async () => {
    await assert.rejects(extractAttachmentText({ mediaType: PDF, content: TINY_PDF }));
    await assert.rejects(
      extractAttachmentText({ mediaType: DOCX, content: new Uint8Array([0x50, 0x4b, 3, 4, 1]) }),
    );
    const reports: unknown[] = [];
    const listener = (message: unknown) => reports.push(message);
    subscribe(attachmentTextFailures.name, listener);
    try {
      const text = await attachmentsText(
        [
          { id: 'a1', filename: '张三的身份证.pdf', mediaType: PDF, content: TINY_PDF },
          { id: 'a2', filename: '坏.xlsx', mediaType: XLSX, content: new Uint8Array([0x50, 0x4b, 3, 4]) },
          { id: 'a3', filename: '好.pdf', mediaType: PDF, content: textPdf(['Goodword']) },
          { id: 'a4', filename: '图.png', mediaType: 'image/png', content: new Uint8Array(8) },
          { id: 'a5', filename: '丢失.pdf', mediaType: PDF, content: async () => undefined },
        ],
        { itemId: 'item-1' },
      );
      assert.equal(text, '附件《好.pdf》\nGoodword');
    } finally {
      unsubscribe(attachmentTextFailures.name, listener);
    }
    assert.equal(reports.length, 2);
    assert.deepEqual(
      reports.map((r) => Object.keys(r as object).sort()),
      [
        ['attachmentId', 'itemId', 'kind', 'reason'],
        ['attachmentId', 'itemId', 'kind', 'reason'],
      ],
    );
    assert.ok(!JSON.stringify(reports).includes('张三'), 'no file name');
  });

  it('reads a ZIP’s declared size before opening it, and refuses a ZIP bomb', async () => {
    const docx = await docxOf(['正常的文档']);
    assert.ok(checkZipSize(docx) > 0);
    assert.throws(() => checkZipSize(docx, 100), /too large/);
    // The same file declaring a huge unpacked size for its first entry.
    const bomb = declaringHugeUnzippedSize(docx);
    assert.throws(() => checkZipSize(bomb), /too large/);
    await assert.rejects(extractAttachmentText({ mediaType: DOCX, content: bomb }), /too large/);
    assert.throws(() => checkZipSize(docx.subarray(0, 200)), /central directory/);
  });

  it('caps the text and masks personal numbers', async () => {
    const long = 'x'.repeat(300_000);
    const text = await attachmentsText([
      { id: 'a', filename: 'a.txt', mediaType: 'text/plain', content: new TextEncoder().encode(long) },
      { id: 'b', filename: 'b.txt', mediaType: 'text/plain', content: new TextEncoder().encode('never') },
    ]);
    assert.ok(text.length <= MAX_ATTACHMENT_TEXT, String(text.length));
    assert.ok(!text.includes('never'));
    const masked = await attachmentsText([
      {
        id: 'c',
        filename: 'c.docx',
        mediaType: DOCX,
        content: await docxOf([`身份证号${ID}，电话13812345678`]),
      },
    ]);
    assert.ok(!masked.includes(ID), masked);
    assert.ok(!masked.includes('13812345678'), masked);
    assert.match(masked, /\*{4}/);
  });
});

for (const engine of ENGINES) {
  describe(`attachment text in search on ${engine}`, { skip: await skipUnless(engine) }, () => {
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

    async function approved(title: string, attachments: AttachmentInput[]): Promise<string> {
      const { itemId } = await createDraft(ctx, f.editor, {
        agencyId: f.chengliu,
        content: content({ title }),
        attachments,
      });
      const { findings } = await submitForReview(ctx, f.editor, itemId);
      // Numbers in a file block the signature (they cannot be redacted): justified here.
      const justifications = findings.map((x) => ({ key: x.key, reason: '测试：确需公开' }));
      await signReview(ctx, f.reviewer, itemId, { checklist: CHECKLIST_IDS, justifications });
      await approve(ctx, f.approver, itemId);
      return itemId;
    }

    const search = (q: string) => searchDocuments(database.db, { q, agencyIds: [f.chengliu] });

    it('finds an item by words that are only in its DOCX or PDF attachment', async () => {
      const itemId = await approved('附件检索测试公告', [
        {
          filename: '细则.docx',
          content: await docxOf(['补助发放以鹳雀楼细则为准。', `联系人身份证号${ID}，电话13812345678。`]),
        },
        { filename: '名单.pdf', content: textPdf(['Zylophantine allowance list']) },
      ]);
      assert.equal((await search('鹳雀楼')).total, 0, 'not before publication');
      await publish(ctx, f.approver, itemId);
      const docx = await search('鹳雀楼');
      assert.deepEqual(
        docx.hits.map((h) => h.id),
        [`disclosure:${itemId}`],
      );
      assert.match(docx.hits[0]!.snippetHtml, /<mark>鹳雀楼<\/mark>/);
      const pdf = await search('Zylophantine');
      assert.deepEqual(
        pdf.hits.map((h) => h.id),
        [`disclosure:${itemId}`],
      );
      assert.match(pdf.hits[0]!.snippetHtml, /附件《名单\.pdf》/, 'the snippet names the attachment');
      // The personal numbers of the attachment are not in the index.
      assert.equal((await search(ID)).total, 0);
      assert.equal((await search('13812345678')).total, 0);
      assert.ok(!docx.hits[0]!.snippetHtml.includes('13812345678'));
    });

    it('publishes an item whose PDF is corrupt; the item is found by its own text', async () => {
      const itemId = await approved('损坏附件也能发布的公告', [
        { filename: '坏.pdf', content: TINY_PDF },
        {
          filename: '截断.pdf',
          content: textPdf(['Brokenword']).subarray(0, 120),
        },
      ]);
      const result = await publish(ctx, f.approver, itemId);
      assert.equal(result.scheduled, false);
      assert.deepEqual(
        (await search('损坏附件')).hits.map((h) => h.id),
        [`disclosure:${itemId}`],
      );
    });

    it('indexes the attachments of a scheduled item when the release job publishes it', async () => {
      const itemId = await approved('定时发布的附件公告', [
        { filename: '定时.pdf', content: textPdf(['Quillfeather schedule']) },
      ]);
      await publish(ctx, f.approver, itemId, { publishAt: '2026-03-02T12:00' });
      assert.equal((await search('Quillfeather')).total, 0);
      ctx.setNow('2026-03-02T04:01:00.000Z');
      assert.equal(await releaseScheduledItems(database.db, ctx.now()), 1);
      assert.deepEqual(
        (await search('Quillfeather')).hits.map((h) => h.id),
        [`disclosure:${itemId}`],
      );
    });
  });
}
