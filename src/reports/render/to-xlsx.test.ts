import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { emptyReport } from '../report.ts';
import {
  APPLICANT_COLUMNS,
  SECTIONS,
  sectionHeading,
  TABLE3_CORNER,
  TABLE4_RESULTS,
  table2Layout,
  table3Rows,
} from '../report-format.ts';
import { HOSTILE_BODY, HOSTILE_PARAGRAPH, sampleReport, table3Value } from './fixture.test.ts';
import { REPORT_SHEET, REPORT_SHEET_LABELS, renderXlsx, TABLE_SHEETS } from './to-xlsx.ts';

async function load(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as never);
  return workbook;
}

function merges(sheet: ExcelJS.Worksheet): string[] {
  // exceljs keeps the merged ranges of a loaded sheet in its model.
  return [...(sheet.model as { merges: string[] }).merges].sort();
}

function columnA(sheet: ExcelJS.Worksheet): string[] {
  const out: string[] = [];
  sheet.eachRow((row) => {
    out.push(String(row.getCell(1).value ?? ''));
  });
  return out;
}

describe('renderXlsx', () => {
  it('has the 报告 sheet then one sheet per table', async () => {
    const workbook = await load(await renderXlsx(sampleReport('2021')));
    assert.deepEqual(
      workbook.worksheets.map((s) => s.name),
      [REPORT_SHEET, TABLE_SHEETS.table2, TABLE_SHEETS.table3, TABLE_SHEETS.table4],
    );
    assert.deepEqual(Object.values(TABLE_SHEETS), ['表二 主动公开', '表三 依申请公开', '表四 复议诉讼']);
    assert.equal(workbook.title, `${HOSTILE_BODY}2022年政府信息公开工作年度报告`);
  });

  it('holds the title, labelled facts, headings and paragraphs on the 报告 sheet', async () => {
    const workbook = await load(await renderXlsx(sampleReport('2021')));
    const sheet = workbook.getWorksheet(REPORT_SHEET)!;
    assert.equal(sheet.getCell('A1').value, `${HOSTILE_BODY}2022年政府信息公开工作年度报告`);
    assert.equal(sheet.getCell('A2').value, REPORT_SHEET_LABELS.body);
    assert.equal(sheet.getCell('B2').value, HOSTILE_BODY);
    assert.equal(sheet.getCell('A3').value, REPORT_SHEET_LABELS.year);
    assert.equal(sheet.getCell('B3').value, 2022);
    assert.equal(sheet.getCell('A4').value, REPORT_SHEET_LABELS.publishedOn);
    assert.equal(sheet.getCell('B4').value, '2023-01-20');
    const expected = [
      '本报告由某某镇人民政府编制。',
      ...SECTIONS.flatMap((s, i) => [
        sectionHeading(s),
        `第${i + 1}节第一段。`,
        i === 2 ? HOSTILE_PARAGRAPH : `第${i + 1}节第二段。`,
      ]),
      // The 落款.
      HOSTILE_BODY,
      '2023年1月20日',
    ];
    assert.deepEqual(columnA(sheet).slice(4), expected);
  });

  it('leaves unknown facts empty', async () => {
    const workbook = await load(await renderXlsx(emptyReport('2021')));
    const sheet = workbook.getWorksheet(REPORT_SHEET)!;
    assert.equal(sheet.getCell('A1').value, '政府信息公开工作年度报告');
    for (const address of ['B2', 'B3', 'B4']) assert.equal(sheet.getCell(address).value, null);
    assert.deepEqual(columnA(sheet).slice(4), SECTIONS.map(sectionHeading));
  });

  it('puts table 三 numbers in numeric cells D–J of each row, with merged headers and group labels', async () => {
    const workbook = await load(await renderXlsx(sampleReport('2021')));
    const sheet = workbook.getWorksheet(TABLE_SHEETS.table3)!;
    assert.equal(sheet.getCell('A1').value, TABLE3_CORNER);
    assert.equal(sheet.getCell('D1').value, '申请人情况');
    assert.deepEqual(
      [4, 5, 6, 7, 8, 9].map((c) => sheet.getRow(c === 4 ? 2 : 3).getCell(c).value),
      ['自然人', ...APPLICANT_COLUMNS.slice(1, 6)],
    );
    assert.equal(sheet.getCell('E2').value, '法人或其他组织');
    assert.equal(sheet.getCell('J2').value, '总计');
    table3Rows('2021').forEach((def, i) => {
      const row = sheet.getRow(4 + i);
      const labels = [1, 2, 3].map((c) => row.getCell(c));
      assert.ok(
        labels.some((cell) => cell.value === def.label && cell.master.address === cell.address),
        def.label,
      );
      APPLICANT_COLUMNS.forEach((_, c) => {
        const cell = row.getCell(4 + c);
        if (def.key === 'carriedIn') assert.equal(cell.value, null);
        else {
          assert.equal(cell.type, ExcelJS.ValueType.Number);
          assert.equal(cell.value, table3Value(i, c));
        }
      });
    });
    const ranges = merges(sheet);
    for (const range of [
      'A1:C3',
      'D1:J1',
      'D2:D3',
      'E2:I2',
      'J2:J3',
      'A4:C4',
      'A6:A27',
      'B6:C6',
      'B8:B15',
      'B24:B26',
    ])
      assert.ok(ranges.includes(range), range);
    assert.equal(sheet.getCell('B8').value, '（三）不予公开');
    assert.equal(sheet.getCell('C8').value, '1.属于国家秘密');
    assert.equal(sheet.getCell('C9').value, '2.其他法律行政法规禁止公开');
  });

  it('puts table 二 and table 四 numbers where the national layout has them', async () => {
    const workbook = await load(await renderXlsx(sampleReport('2021')));
    const t2 = workbook.getWorksheet(TABLE_SHEETS.table2)!;
    assert.equal(t2.getCell('A1').value, table2Layout('2021')[0]!.item);
    assert.equal(t2.getCell('A2').value, '信息内容');
    assert.equal(t2.getCell('A3').value, '规章');
    assert.deepEqual(
      ['B3', 'C3', 'D3'].map((a) => t2.getCell(a).value),
      [1, 2, 3],
    );
    const feesRow = t2.getColumn(1).values.indexOf('行政事业性收费');
    assert.equal(t2.getCell(feesRow, 2).value, 1.25);
    assert.equal(t2.getCell(feesRow, 2).type, ExcelJS.ValueType.Number);
    const ranges2 = merges(t2);
    assert.ok(ranges2.includes('A1:D1'));
    assert.ok(ranges2.includes(`B${feesRow}:D${feesRow}`));

    const t4 = workbook.getWorksheet(TABLE_SHEETS.table4)!;
    assert.equal(t4.getCell('A1').value, '行政复议');
    assert.equal(t4.getCell('F1').value, '行政诉讼');
    assert.equal(t4.getCell('F2').value, '未经复议直接起诉');
    assert.equal(t4.getCell('K2').value, '复议后起诉');
    assert.deepEqual(
      Array.from({ length: 5 }, (_, i) => t4.getCell(2, 1 + i).value),
      [...TABLE4_RESULTS],
    );
    const numbers = Array.from({ length: 15 }, (_, i) => t4.getCell(4, 1 + i).value);
    assert.deepEqual(numbers, [1, 2, 3, 4, 10, 5, 6, null, 7, 18, 8, 9, 11, 12, 40]);
    const ranges4 = merges(t4);
    for (const range of ['A1:E1', 'F1:O1', 'A2:A3', 'F2:J2', 'K2:O2'])
      assert.ok(ranges4.includes(range), range);
  });

  it('renders the 2019 layout', async () => {
    const workbook = await load(await renderXlsx(sampleReport('2019')));
    const t3 = workbook.getWorksheet(TABLE_SHEETS.table3)!;
    assert.equal(t3.rowCount, 3 + table3Rows('2019').length);
    const otherRow = table3Rows('2019').findIndex((d) => d.key === 'otherSingle') + 4;
    assert.equal(t3.getCell(otherRow, 2).value, '（六）其他处理');
    assert.ok(merges(t3).includes(`B${otherRow}:C${otherRow}`));
    const t2 = workbook.getWorksheet(TABLE_SHEETS.table2)!;
    const items = t2.getColumn(1).values.filter((v) => typeof v === 'string' && v.startsWith('第二十条'));
    assert.deepEqual(
      items,
      table2Layout('2019').map((b) => b.item),
    );
  });
});
