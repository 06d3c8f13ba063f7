import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describeProblem } from '../kernel/xlsx-import.ts';
import type { ServiceItem } from './service-item.ts';
import {
  badRows,
  buildServiceItemTemplate,
  exportServiceItems,
  ITEM_COLUMNS,
  ITEMS_SHEET,
  MAX_IMPORT_BYTES,
  readServiceItemsWorkbook,
  validItems,
} from './service-item-xlsx.ts';
import { arbitraryItem, sampleItem } from './testing.ts';

const SEED = Number(process.env.GONGKAI_FC_SEED ?? 20261127);

async function bytesOf(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

/** A workbook shaped like the template, with these rows under the headers. */
async function sheetWith(rows: ExcelJS.CellValue[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(ITEMS_SHEET);
  sheet.addRow(ITEM_COLUMNS.map((c) => c.header));
  for (const row of rows) sheet.addRow(row);
  return bytesOf(workbook);
}

const ITEMS: ServiceItem[] = [
  sampleItem(),
  sampleItem({
    name: '临时救助',
    level: 'village',
    legalLimitDays: null,
    promisedLimitDays: 0,
    fee: '每证10元',
    onlineUrl: '',
    phone: '12345、13812345678',
    conditions: '一、因火灾等意外事件\n二、因疾病等',
    version: 4,
  }),
  sampleItem({ name: '临时救助', type: 'publicService', level: 'town', materials: ['申请书'] }),
];

describe('service items in XLSX', () => {
  it('reads back what it exports: the same items', async () => {
    const parsed = await readServiceItemsWorkbook(await exportServiceItems(ITEMS));
    assert.equal(parsed.fileProblem, null);
    assert.deepEqual(badRows(parsed), []);
    assert.deepEqual(validItems(parsed), ITEMS);
    assert.deepEqual(
      parsed.rows.map((r) => r.row),
      [2, 3, 4],
    );
  });

  it('reads back random catalogues unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbitraryItem, { maxLength: 8 }), async (drawn) => {
        // Names repeated at one level are refused by design; keep the first of each.
        const seen = new Set<string>();
        const items = drawn.filter((i) => {
          const key = `${i.level}${i.name.replace(/\s+/g, '')}`;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
        const parsed = await readServiceItemsWorkbook(await exportServiceItems(items));
        if (items.length === 0) {
          assert.match(parsed.fileProblem ?? '', /没有填写任何事项/);
          return;
        }
        assert.deepEqual(
          badRows(parsed).flatMap((r) => r.problems.map(describeProblem)),
          [],
        );
        assert.deepEqual(validItems(parsed), items);
      }),
      { numRuns: 40, seed: SEED },
    );
  });

  it('reports exactly the two bad rows, with every reason, and returns the others as valid', async () => {
    const good = (name: string) => [
      name,
      '行政确认',
      '乡镇级',
      '《中华人民共和国老年人权益保障法》',
      '年满60周岁',
      '身份证\n照片',
      '申请→审核→发证',
      20,
      '5个工作日',
      '不收费',
      '民政窗口',
      '0391-5012345',
      '',
      '',
    ];
    const bytes = await sheetWith([
      good('老年人优待证办理'),
      // Row 3: an unknown type, 承诺 longer than 法定, a bad phone and an http link.
      [
        '残疾人证办理',
        '行政服务',
        '乡镇级',
        '《残疾人保障法》',
        '持证',
        '身份证',
        '申请→审核',
        5,
        10,
        '',
        '残联窗口',
        '5012345',
        'http://example.gov.cn/',
        '',
      ],
      good('高龄津贴申领'),
      [],
      // Row 6: no name, an unreadable time limit and a bad level.
      ['', '公共服务', '县级', '依据', '条件', '材料', '流程', '二十', 3, '', '窗口', '12345', '', 'x'],
    ]);
    const parsed = await readServiceItemsWorkbook(bytes);
    assert.equal(parsed.fileProblem, null);
    assert.deepEqual(
      validItems(parsed).map((i) => i.name),
      ['老年人优待证办理', '高龄津贴申领'],
    );
    assert.deepEqual(validItems(parsed)[0]!.materials, ['身份证', '照片']);
    assert.equal(validItems(parsed)[0]!.promisedLimitDays, 5);
    assert.deepEqual(
      badRows(parsed).map((r) => [r.row, r.problems.map((p) => `${p.column}：${p.reason}`)]),
      [
        [
          3,
          [
            '事项类型：事项类型应为“行政许可”“行政确认”“行政给付”“行政奖励”“行政裁决”“其他行政权力”“公共服务”之一，不是“行政服务”',
            '承诺时限（工作日）：承诺时限（10 个工作日）不能长于法定时限（5 个工作日）',
            '咨询电话：咨询电话“5012345”格式不正确：固定电话请带区号（如 0391-6612345），也可填写 12345 等服务热线或 11 位手机号码',
            '在线办理地址：在线办理地址应以 https:// 开头',
          ],
        ],
        [
          6,
          [
            '层级：层级应为“乡镇级”或“村级”，不是“县级”',
            '法定时限（工作日）：无法识别的时限“二十”，请填写工作日数，即办填 0',
            '版本号：版本号应为正整数，不是“x”',
            '事项名称：请填写事项名称',
          ],
        ],
      ],
    );
    assert.equal(
      describeProblem(badRows(parsed)[1]!.problems[3]!),
      '“政务服务事项”第 6 行“事项名称”列：请填写事项名称',
    );
  });

  it('reports names repeated at one level on every row that repeats them', async () => {
    const row = (name: string, level: string) => [
      name,
      '公共服务',
      level,
      '依据',
      '条件',
      '材料',
      '流程',
      '',
      0,
      '',
      '综合窗口',
      '12345',
      '',
      1,
    ];
    const parsed = await readServiceItemsWorkbook(
      await sheetWith([
        row('生育登记', '乡镇级'),
        row('生育登记', '村级'),
        row(' 生育 登记', '乡镇级'),
        row('生育登记', '省级'),
      ]),
    );
    assert.deepEqual(
      parsed.rows.map((r) => [r.row, r.problems.map((p) => p.reason)]),
      [
        [2, ['与第 4 行的事项名称和层级（乡镇级）相同']],
        [3, []],
        [4, ['与第 2 行的事项名称和层级（乡镇级）相同']],
        [5, ['层级应为“乡镇级”或“村级”，不是“省级”']],
      ],
    );
  });

  it('gives one clear problem for an empty, foreign, oversized or bomb file and for the blank template', async () => {
    const problemOf = async (bytes: Uint8Array) => {
      const parsed = await readServiceItemsWorkbook(bytes);
      assert.deepEqual(parsed.rows, []);
      return parsed.fileProblem ?? '';
    };
    assert.match(await problemOf(new Uint8Array()), /上传的文件为空/);
    assert.match(
      await problemOf(new TextEncoder().encode('名称,类型\n临时救助,公共服务')),
      /不是 Excel 工作簿/,
    );
    assert.match(
      await problemOf(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])),
      /旧版 Excel（\.xls）/,
    );
    assert.match(await problemOf(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])), /文件已损坏/);
    const huge = new Uint8Array(MAX_IMPORT_BYTES + 1);
    huge.set([0x50, 0x4b, 0x03, 0x04]);
    assert.match(await problemOf(huge), /超过 20 MB/);
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
    assert.match(await problemOf(bomb), /解压后过大/);
    const other = new ExcelJS.Workbook();
    other.addWorksheet('Sheet1').addRow(['事项名称']);
    assert.equal(
      await problemOf(await bytesOf(other)),
      '未找到“政务服务事项”工作表，请使用下载的导入模板填写。',
    );
    const renamed = new ExcelJS.Workbook();
    renamed.addWorksheet(ITEMS_SHEET).addRow(['名称', ...ITEM_COLUMNS.slice(1).map((c) => c.header)]);
    assert.equal(
      await problemOf(await bytesOf(renamed)),
      '表头与导入模板不一致（应有“事项名称”），未导入任何内容，请使用下载的导入模板。',
    );
    assert.equal(
      await problemOf(await buildServiceItemTemplate()),
      '“政务服务事项”工作表中没有填写任何事项。',
    );
    const tooMany = new ExcelJS.Workbook();
    const sheet = tooMany.addWorksheet(ITEMS_SHEET);
    sheet.addRow(ITEM_COLUMNS.map((c) => c.header));
    sheet.getCell(10_002, 1).value = '临时救助';
    assert.equal(await problemOf(await bytesOf(tooMany)), '“政务服务事项”工作表超过 10000 行，请分批导入。');
  });

  it('never throws on whatever the cells hold: every row is an item or its problems', async () => {
    const cell: fc.Arbitrary<ExcelJS.CellValue> = fc.oneof(
      fc.constant(null),
      fc.string({ maxLength: 30 }),
      fc.string({ maxLength: 3000 }),
      fc.constantFrom(
        '行政许可',
        '村级',
        '乡镇级',
        '即办',
        '不收费',
        '12345',
        'https://a.gov.cn/',
        'javascript:x',
      ),
      fc.double(),
      fc.integer({ min: -10, max: 400 }),
      fc.boolean(),
      fc.date({ noInvalidDate: true }),
      fc.string({ maxLength: 10 }).map((text) => ({ richText: [{ text }] })),
      fc.string({ maxLength: 10 }).map((text) => ({ text, hyperlink: 'https://a.gov.cn/' })),
      fc.integer().map((result) => ({ formula: 'A1+1', result })),
      fc.constant({ error: '#N/A' } as ExcelJS.CellErrorValue),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 0, maxLength: ITEM_COLUMNS.length + 2 }), {
          minLength: 1,
          maxLength: 6,
        }),
        async (rows) => {
          const parsed = await readServiceItemsWorkbook(await sheetWith(rows));
          for (const row of parsed.rows) {
            assert.equal(row.value === null, row.problems.length > 0);
            for (const p of row.problems) assert.ok(p.reason.length > 0 && p.row >= 2);
          }
          if (parsed.fileProblem !== null) assert.deepEqual(parsed.rows, []);
        },
      ),
      { numRuns: 150, seed: SEED },
    );
  });
});
