// The register and the yearly figures stored on both engines: use cases with their checks, access
// and audit; table2Of equal to the pure count for random registers written through the use cases;
// the XLSX import all or nothing, and only the valid rows when the user accepts that.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { createAgency, type Principal } from '../agencies/index.ts';
import { SYSTEM, type TestContext, testContext } from '../agencies/testing.ts';
import { listAudit, verifyAuditLog } from '../audit/index.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import {
  approve,
  CHECKLIST_IDS,
  createDraft,
  publish,
  signReview,
  submitForReview,
  withdraw,
} from '../disclosures/index.ts';
import { buildDisclosureFixture, content, type DisclosureFixture } from '../disclosures/testing.ts';
import { DomainError } from '../kernel/errors.ts';
import {
  buildTemplate,
  changeDocumentStatus,
  checkImport,
  createDocument,
  describeProblem,
  getDocument,
  importNormative,
  listDocuments,
  listPublicDocuments,
  type NormativeDocument,
  readImportWorkbook,
  registerCounts,
  saveYearCounts,
  table2Of,
  updateDocument,
  validRows,
} from './index.ts';
import { refusingDuplicates } from './normative-shell.ts';
import { arbitraryDocument } from './testing.ts';

const SEED = Number(process.env.GONGKAI_FC_SEED ?? 20261126);

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

function doc(overrides: Partial<NormativeDocument> = {}): NormativeDocument {
  return {
    kind: 'normative',
    title: '承留镇农村人居环境整治长效管理办法',
    documentNumber: '承政〔2021〕8号',
    issuedOn: '2021-06-01',
    effectiveOn: '2021-07-01',
    validUntil: null,
    status: 'valid',
    statusOn: null,
    itemId: null,
    ...overrides,
  };
}

/** A workbook in the template's layout with the given rows. */
async function workbook(registerRows: unknown[][], countRows: unknown[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await buildTemplate()) as never);
  const register = wb.getWorksheet('规章和行政规范性文件')!;
  registerRows.forEach((row, i) => {
    register.getRow(i + 2).values = row as ExcelJS.CellValue[];
  });
  const counts = wb.getWorksheet('年度数量')!;
  countRows.forEach((row, i) => {
    counts.getRow(i + 2).values = row as ExcelJS.CellValue[];
  });
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

for (const engine of ENGINES) {
  describe(`normative register stored on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    let ctx: TestContext;
    let f: DisclosureFixture;
    let editor: Principal;

    before(async () => {
      database = await createTestDatabase(engine);
      ctx = testContext(database);
      f = await buildDisclosureFixture(ctx);
      editor = f.editor;
    });
    after(async () => database?.drop());

    it('adds, corrects and repeals a document, refusing bad, duplicate and stale input; every write audited', async () => {
      const created = await createDocument(ctx, editor, { agencyId: f.chengliu, document: doc() });
      assert.equal(created.revision, 1);
      assert.equal(created.title, '承留镇农村人居环境整治长效管理办法');
      await rejects(
        createDocument(ctx, editor, { agencyId: f.chengliu, document: doc({ title: '另一件' }) }),
        'input.invalid',
        /文号“承政〔2021〕8号”已在登记簿中/,
      );
      const bad = await rejects(
        createDocument(ctx, editor, {
          agencyId: f.chengliu,
          document: doc({ documentNumber: '承政〔2021〕9号', effectiveOn: '2021-05-01', status: 'repealed' }),
        }),
        'input.invalid',
      );
      assert.deepEqual(bad.details.problems, ['施行日期不能早于发布日期', '请填写废止的日期']);
      // Another town's number is another register.
      await createDocument(ctx, f.otherEditor, { agencyId: f.sili, document: doc() });

      const updated = await updateDocument(ctx, editor, {
        agencyId: f.chengliu,
        documentId: created.id,
        revision: 1,
        document: doc({ title: '  承留镇农村人居环境整治长效管理办法（修订）  ' }),
      });
      assert.equal(updated.title, '承留镇农村人居环境整治长效管理办法（修订）');
      assert.equal(updated.revision, 2);
      await rejects(
        updateDocument(ctx, editor, {
          agencyId: f.chengliu,
          documentId: created.id,
          revision: 1,
          document: doc(),
        }),
        'input.invalid',
        /已被修改/,
      );
      const repealed = await changeDocumentStatus(ctx, editor, {
        agencyId: f.chengliu,
        documentId: created.id,
        revision: 2,
        status: 'repealed',
        statusOn: '2025-12-31',
      });
      assert.equal(repealed.status, 'repealed');
      assert.equal(repealed.title, '承留镇农村人居环境整治长效管理办法（修订）');
      await rejects(
        changeDocumentStatus(ctx, editor, {
          agencyId: f.chengliu,
          documentId: created.id,
          revision: 3,
          status: 'expired',
          statusOn: null,
        }),
        'input.invalid',
        /请填写失效的日期/,
      );
      const audit = await listAudit(database.db, { agencyIds: [f.chengliu] });
      const actions = audit.map((r) => r.action).filter((a) => a.startsWith('normative.'));
      assert.deepEqual(actions.sort(), ['normative.create', 'normative.status', 'normative.update']);
      assert.deepEqual((await verifyAuditLog(database.db)).problems, []);
    });

    it('registers a 文号 once when several requests race for it, refusing the others in Chinese', async () => {
      const results = await Promise.allSettled(
        [1, 2, 3, 4, 5].map((n) =>
          createDocument(ctx, f.otherEditor, {
            agencyId: f.sili,
            document: doc({ documentNumber: '思政〔2024〕9号', title: `并发${n}` }),
          }),
        ),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      // The database's refusal, when a request passes the check before the other commits.
      const row = await database.db
        .selectFrom('normative_documents')
        .selectAll()
        .where('document_number', '=', '思政〔2024〕9号')
        .executeTakeFirstOrThrow();
      await rejects(
        refusingDuplicates(() =>
          database.db
            .insertInto('normative_documents')
            .values({ ...row, id: 'another' })
            .execute(),
        ),
        'input.invalid',
        /已在登记簿中/,
      );
      for (const r of results) {
        if (r.status === 'rejected') {
          assert.ok(r.reason instanceof DomainError, String(r.reason));
          assert.equal(r.reason.code, 'input.invalid');
          assert.match(String(r.reason.details.userMessage), /已在登记簿中/);
        }
      }
    });

    it('lets the agency’s readers read and only its editors write; another town’s document is not found', async () => {
      const [own] = await listDocuments(ctx, f.reviewer, f.chengliu);
      assert.ok(own);
      await rejects(
        createDocument(ctx, f.reviewer, { agencyId: f.chengliu, document: doc({ documentNumber: 'x' }) }),
        'access.forbidden',
      );
      await rejects(listDocuments(ctx, f.otherEditor, f.chengliu), 'access.not_found');
      await rejects(getDocument(ctx, editor, f.sili, own.id), 'access.not_found');
      const [theirs] = await listDocuments(ctx, f.otherEditor, f.sili);
      await rejects(getDocument(ctx, editor, f.chengliu, theirs!.id), 'access.not_found');
      await rejects(
        changeDocumentStatus(ctx, editor, {
          agencyId: f.chengliu,
          documentId: theirs!.id,
          revision: theirs!.revision,
          status: 'repealed',
          statusOn: '2025-01-01',
        }),
        'access.not_found',
      );
      // The supervisor of the region reads the town's register.
      assert.equal((await listDocuments(ctx, f.supervisor, f.chengliu)).length, 1);
      // Filters.
      assert.equal((await listDocuments(ctx, editor, f.chengliu, { status: 'repealed' })).length, 1);
      assert.equal((await listDocuments(ctx, editor, f.chengliu, { status: 'valid' })).length, 0);
      assert.equal((await listDocuments(ctx, editor, f.chengliu, { year: 2021 })).length, 1);
      assert.equal((await listDocuments(ctx, editor, f.chengliu, { kind: 'regulation' })).length, 0);
    });

    it('keeps the yearly figures exactly (万元 to four decimals) and gives table 二 in the report engine’s shape', async () => {
      const town = await createAgency(ctx, SYSTEM, { parentId: f.region, kind: 'town', name: '测试镇' });
      assert.deepEqual(await table2Of(database.db, town.id, 2022), {
        regulations: [0, 0, 0],
        normativeDocs: [0, 0, 0],
        licensing: [null],
        penalty: [null],
        enforcement: [null],
        fees: [null],
      });
      await rejects(
        saveYearCounts(ctx, editor, {
          agencyId: f.chengliu,
          counts: { year: 2022, licensing: -1, penalty: 1.5, enforcement: 0, feesYuan: 0 },
        }),
        'input.invalid',
      );
      await rejects(
        saveYearCounts(ctx, editor, {
          agencyId: f.chengliu,
          counts: { year: 2027, licensing: 0, penalty: 0, enforcement: 0, feesYuan: 0 },
        }),
        'input.invalid',
        /年度无效/,
      );
      await saveYearCounts(ctx, editor, {
        agencyId: f.chengliu,
        counts: { year: 2022, licensing: 3, penalty: 60, enforcement: 0, feesYuan: 123_456_789 },
      });
      await saveYearCounts(ctx, editor, {
        agencyId: f.chengliu,
        counts: { year: 2022, licensing: 0, penalty: 60, enforcement: 0, feesYuan: 3 },
      });
      const t = await table2Of(database.db, f.chengliu, 2022);
      assert.deepEqual(t.licensing, [0]);
      assert.deepEqual(t.penalty, [60]);
      assert.deepEqual(t.fees, [0.0003]);
      assert.deepEqual(t.normativeDocs, [0, 0, 1]);
      const t2019 = await table2Of(database.db, f.chengliu, 2022, '2019');
      assert.deepEqual(t2019.penalty, [null, null, 60]);
      assert.deepEqual(t2019.procurement, [null, null]);
    });

    it('gives table 二 equal to the pure count for random registers written through the use cases', async () => {
      let town = 0;
      const runs = engine === 'sqlite' ? 30 : 15;
      ctx.setNow('2028-06-01T02:00:00.000Z');
      try {
        await fc.assert(
          fc.asyncProperty(
            fc.array(fc.tuple(arbitraryDocument, fc.option(arbitraryDocument, { nil: undefined })), {
              maxLength: 12,
            }),
            async (entries) => {
              const agency = await createAgency(ctx, SYSTEM, {
                parentId: f.chengliu,
                kind: 'village',
                name: `测试村${++town}`,
              });
              const stored: NormativeDocument[] = [];
              let n = 0;
              for (const [first, correction] of entries) {
                const number = `测〔${town}〕${++n}号`;
                const created = await createDocument(ctx, SYSTEM, {
                  agencyId: agency.id,
                  document: { ...first, documentNumber: number },
                });
                let current: NormativeDocument = { ...first, documentNumber: number };
                if (correction) {
                  // Corrected, or its 有效性 changed, through the use cases.
                  const next = { ...correction, documentNumber: number };
                  if (n % 2 === 0) {
                    await updateDocument(ctx, SYSTEM, {
                      agencyId: agency.id,
                      documentId: created.id,
                      revision: 1,
                      document: next,
                    });
                    current = next;
                  } else if (correction.status !== 'valid' && correction.statusOn! >= first.issuedOn) {
                    await changeDocumentStatus(ctx, SYSTEM, {
                      agencyId: agency.id,
                      documentId: created.id,
                      revision: 1,
                      status: correction.status,
                      statusOn: correction.statusOn,
                    });
                    current = {
                      ...first,
                      documentNumber: number,
                      status: correction.status,
                      statusOn: correction.statusOn,
                    };
                  }
                }
                stored.push(current);
              }
              for (const year of [2015, 2017, 2019, 2021, 2023, 2025, 2027]) {
                const expected = registerCounts(stored, year);
                const table = await table2Of(database.db, agency.id, year);
                assert.deepEqual(table.regulations, [
                  expected.regulation.issued,
                  expected.regulation.repealed,
                  expected.regulation.valid,
                ]);
                assert.deepEqual(table.normativeDocs, [
                  expected.normative.issued,
                  expected.normative.repealed,
                  expected.normative.valid,
                ]);
              }
            },
          ),
          { numRuns: runs, seed: SEED },
        );
      } finally {
        ctx.setNow('2026-03-02T01:00:00.000Z');
      }
    });

    it('lists on the portal what has been issued, in force first, repealed ones marked, linked to its public item', async () => {
      const list = await listPublicDocuments(database.db, f.chengliu, '2026-03-02');
      assert.equal(list.length, 1);
      assert.equal(list[0]!.state, 'repealed');
      // The text published through 主动公开: linked while public, not once withdrawn.
      const { itemId } = await createDraft(ctx, editor, { agencyId: f.chengliu, content: content() });
      await submitForReview(ctx, editor, itemId);
      await signReview(ctx, f.reviewer, itemId, { checklist: CHECKLIST_IDS });
      await approve(ctx, f.approver, itemId);
      await publish(ctx, f.approver, itemId);
      const linked = await createDocument(ctx, editor, {
        agencyId: f.chengliu,
        document: doc({ documentNumber: '承政〔2022〕2号', itemId }),
      });
      const theirs = await createDraft(ctx, f.otherEditor, { agencyId: f.sili, content: content() });
      await rejects(
        createDocument(ctx, editor, {
          agencyId: f.chengliu,
          document: doc({ documentNumber: '承政〔2022〕3号', itemId: theirs.itemId }),
        }),
        'input.invalid',
        /关联的公开信息不存在/,
      );
      // A document issued in the future is not listed; in force comes first.
      let shown = await listPublicDocuments(database.db, f.chengliu, '2026-03-02');
      assert.deepEqual(
        shown.map((d) => [d.id, d.state, d.itemId]),
        [
          [linked.id, 'valid', itemId],
          [list[0]!.id, 'repealed', null],
        ],
      );
      await withdraw(ctx, f.approver, itemId, { reason: '测试撤回' });
      shown = await listPublicDocuments(database.db, f.chengliu, '2026-03-02');
      assert.equal(shown[0]!.itemId, null);
      assert.deepEqual(await listPublicDocuments(database.db, f.chengliu, '2021-05-31'), []);
    });

    it('imports a filled template all or nothing, then only the valid rows when asked', async () => {
      const town = await createAgency(ctx, SYSTEM, { parentId: f.region, kind: 'town', name: '导入镇' });
      const importer = SYSTEM;
      const bytes = await workbook(
        [
          [
            '行政规范性文件',
            '导入镇文件一',
            '导政〔2023〕1号',
            new Date(Date.UTC(2023, 0, 5)),
            '2023-02-01',
            null,
            '有效',
            null,
          ],
          [
            '行政规范性文件',
            '导入镇文件二',
            '导政〔2023〕2号',
            '2023/3/1',
            '2023年3月1日',
            null,
            '废止',
            '2024-06-30',
          ],
          // Bad: effective before issued.
          [
            '行政规范性文件',
            '导入镇文件三',
            '导政〔2023〕3号',
            '2023-05-01',
            '2023-04-01',
            null,
            '有效',
            null,
          ],
          // Bad: unknown kind and an unreadable date.
          ['通知', '导入镇文件四', '导政〔2023〕4号', '昨天', '2023-05-01', null, '有效', null],
        ],
        [
          [2023, 1, 60, 0, '12.5'],
          [2024, 0, 12, 1, 0.0003],
        ],
      );
      const checked = await checkImport(
        ctx,
        importer,
        town.id,
        await readImportWorkbook(bytes, '2026-03-02'),
      );
      const problems = [...checked.documents, ...checked.counts]
        .flatMap((r) => r.problems)
        .map(describeProblem);
      assert.deepEqual(problems, [
        '“规章和行政规范性文件”第 4 行“施行日期”列：施行日期不能早于发布日期',
        '“规章和行政规范性文件”第 5 行“类别”列：类别应为“规章”或“行政规范性文件”，不是“通知”',
        '“规章和行政规范性文件”第 5 行“发布（制发）日期”列：无法识别的日期“昨天”，请按“2024-01-31”的格式填写',
      ]);
      // Nothing imported while any row is bad: the importer of the whole file refuses.
      const all = {
        documents: checked.documents.map(
          (r) => r.value ?? doc({ documentNumber: 'bad', effectiveOn: '2000-01-01' }),
        ),
        counts: checked.counts.map((r) => r.value!),
      };
      await rejects(importNormative(ctx, importer, { agencyId: town.id, ...all }), 'input.invalid');
      assert.deepEqual(await table2Of(database.db, town.id, 2023), {
        regulations: [0, 0, 0],
        normativeDocs: [0, 0, 0],
        licensing: [null],
        penalty: [null],
        enforcement: [null],
        fees: [null],
      });
      // Accepting the valid rows imports exactly them.
      const valid = validRows(checked);
      assert.equal(valid.documents.length, 2);
      assert.deepEqual(await importNormative(ctx, importer, { agencyId: town.id, ...valid }), {
        documents: 2,
        counts: 2,
      });
      const stored = await listDocuments(ctx, SYSTEM, town.id);
      assert.deepEqual(stored.map((d) => d.documentNumber).sort(), ['导政〔2023〕1号', '导政〔2023〕2号']);
      assert.equal(stored.find((d) => d.documentNumber === '导政〔2023〕1号')!.issuedOn, '2023-01-05');
      assert.equal(stored.find((d) => d.documentNumber === '导政〔2023〕2号')!.effectiveOn, '2023-03-01');
      assert.deepEqual(await table2Of(database.db, town.id, 2023), {
        regulations: [0, 0, 0],
        normativeDocs: [2, 0, 2],
        licensing: [1],
        penalty: [60],
        enforcement: [0],
        fees: [12.5],
      });
      assert.deepEqual((await table2Of(database.db, town.id, 2024)).normativeDocs, [0, 1, 1]);
      assert.deepEqual((await table2Of(database.db, town.id, 2024)).fees, [0.0003]);
      // The same file again: its 文号 are registered now.
      const again = await checkImport(ctx, importer, town.id, await readImportWorkbook(bytes, '2026-03-02'));
      assert.match(
        again.documents[0]!.problems.map(describeProblem).join(),
        /文号“导政〔2023〕1号”已在登记簿中/,
      );
      await rejects(
        importNormative(ctx, importer, { agencyId: town.id, ...valid }),
        'input.invalid',
        /未导入任何内容/,
      );
    });

    it('refuses files that are not workbooks of the template with a Chinese reason', async () => {
      for (const [bytes, reason] of [
        [new Uint8Array(), /文件为空/],
        [new TextEncoder().encode('标题,文号\n'), /不是 Excel 工作簿/],
        [Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /旧版 Excel/],
        [Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]), /文件已损坏/],
      ] as const) {
        await rejects(readImportWorkbook(bytes, '2026-03-02'), 'input.unreadable', reason);
      }
      // A ZIP bomb: a tiny file whose one entry declares gigabytes; refused before it is inflated.
      const bomb = new Uint8Array(30 + 5 + 46 + 5 + 22);
      const v = new DataView(bomb.buffer);
      v.setUint32(0, 0x04034b50, true);
      v.setUint16(26, 5, true);
      v.setUint32(35, 0x02014b50, true);
      v.setUint32(35 + 24, 4_000_000_000, true);
      v.setUint16(35 + 28, 5, true);
      v.setUint32(86, 0x06054b50, true);
      v.setUint16(86 + 10, 1, true);
      v.setUint32(86 + 12, 51, true);
      v.setUint32(86 + 16, 35, true);
      const bombBytes = bomb;
      await rejects(readImportWorkbook(bombBytes, '2026-03-02'), 'input.too_large', /解压后过大/);
      const other = new ExcelJS.Workbook();
      other.addWorksheet('Sheet1').addRow(['a']);
      await rejects(
        readImportWorkbook(new Uint8Array((await other.xlsx.writeBuffer()) as ArrayBuffer), '2026-03-02'),
        'input.invalid',
        /未找到/,
      );
      const renamed = new ExcelJS.Workbook();
      renamed.addWorksheet('年度数量').addRow(['年', '许可']);
      const error = await rejects(
        readImportWorkbook(new Uint8Array((await renamed.xlsx.writeBuffer()) as ArrayBuffer), '2026-03-02'),
        'input.invalid',
      );
      assert.match(String((error.details.problems as string[])[0]), /表头应为“年度”/);
    });
  });
}
