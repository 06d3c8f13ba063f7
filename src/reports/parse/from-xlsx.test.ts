import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import { declaringHugeUnzippedSize } from '../../kernel/zip-testing.ts';
import { APPLICANT_COLUMNS } from '../report-format.ts';
import type { DocumentBlock } from './document.ts';
import { fromXlsx } from './from-xlsx.ts';

const text = (value: string): DocumentBlock => ({ kind: 'text', text: value });
const row = (table: number, ...cells: string[]): DocumentBlock => ({ kind: 'row', cells, table });
const zeros = (n: number): string[] => Array.from({ length: n }, () => '0');

const GROUPS: [string, string[]][] = [
  [
    '（三）不予公开',
    [
      '1.属于国家秘密',
      '2.其他法律行政法规禁止公开',
      '3.危及“三安全一稳定”',
      '4.保护第三方合法权益',
      '5.属于三类内部事务信息',
      '6.属于四类过程性信息',
      '7.属于行政执法案卷',
      '8.属于行政查询事项',
    ],
  ],
  [
    '（四）无法提供',
    ['1.本机关不掌握相关政府信息', '2.没有现成信息需要另行制作', '3.补正后申请内容仍不明确'],
  ],
  [
    '（五）不予处理',
    [
      '1.信访举报投诉类申请',
      '2.重复申请',
      '3.要求提供公开出版物',
      '4.无正当理由大量反复申请',
      '5.要求行政机关确认或重新出具已获取信息',
    ],
  ],
  [
    '（六）其他处理',
    [
      '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
      '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
      '3.其他',
    ],
  ],
];

/** Writes six applicant counts in D..I of a row and their total in J as a formula with a cached result. */
function counts(sheet: ExcelJS.Worksheet, rowNumber: number, numbers: number[]): void {
  numbers.forEach((n, i) => {
    sheet.getCell(rowNumber, 4 + i).value = n;
  });
  const total = numbers.reduce((a, b) => a + b, 0);
  sheet.getCell(rowNumber, 10).value = { formula: `SUM(D${rowNumber}:I${rowNumber})`, result: total };
}

/** Table 三 as offices lay it out in Excel: columns A–C labels, D–J numbers, merges as printed. */
function addTable3(sheet: ExcelJS.Worksheet): void {
  sheet.getCell('A1').value = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
  sheet.mergeCells('A1:C3');
  sheet.getCell('D1').value = '申请人情况';
  sheet.mergeCells('D1:J1');
  sheet.getCell('D2').value = '自然人';
  sheet.mergeCells('D2:D3');
  sheet.getCell('E2').value = '法人或其他组织';
  sheet.mergeCells('E2:I2');
  sheet.getCell('J2').value = '总计';
  sheet.mergeCells('J2:J3');
  ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'].forEach((label, i) => {
    sheet.getCell(3, 5 + i).value = label;
  });
  sheet.getCell('A4').value = '一、本年新收政府信息公开申请数量';
  sheet.mergeCells('A4:C4');
  counts(sheet, 4, [5, 1, 0, 0, 0, 0]);
  sheet.getCell('A5').value = {
    richText: [{ text: '二、上年结转' }, { font: { bold: true }, text: '政府信息公开申请数量' }],
  };
  sheet.mergeCells('A5:C5');
  counts(sheet, 5, [1, 0, 0, 0, 0, 0]);
  sheet.getCell('A6').value = '三、本年度办理结果';
  sheet.mergeCells('A6:A27');
  sheet.getCell('B6').value = '（一）予以公开';
  sheet.mergeCells('B6:C6');
  counts(sheet, 6, [4, 1, 0, 0, 0, 0]);
  sheet.getCell('B7').value = '（二）部分公开\n（区分处理的，只计这一情形，不计其他情形）';
  sheet.mergeCells('B7:C7');
  counts(sheet, 7, [0, 0, 0, 0, 0, 0]);
  let rowNumber = 8;
  for (const [group, leaves] of GROUPS) {
    sheet.getCell(rowNumber, 2).value = group;
    sheet.mergeCells(rowNumber, 2, rowNumber + leaves.length - 1, 2);
    for (const leaf of leaves) {
      sheet.getCell(rowNumber, 3).value = leaf;
      counts(sheet, rowNumber, [0, 0, 0, 0, 0, 0]);
      rowNumber++;
    }
  }
  sheet.getCell('B27').value = '（七）总计';
  sheet.mergeCells('B27:C27');
  counts(sheet, 27, [4, 1, 0, 0, 0, 0]);
  sheet.getCell('A28').value = '四、结转下年度继续办理';
  sheet.mergeCells('A28:C28');
  counts(sheet, 28, [2, 0, 0, 0, 0, 0]);
}

async function reportWorkbook(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.title = '承留镇2022年政府信息公开工作年度报告';

  const cover = workbook.addWorksheet('报告');
  cover.getCell('B1').value = '承留镇人民政府2022年政府信息公开工作年度报告';
  cover.mergeCells('B1:D1');
  cover.getCell('B2').value = '一、总体情况';
  cover.getCell('B3').value =
    '2022年，承留镇严格按照《中华人民共和国政府信息公开条例》有关要求开展工作。\n全年共发布信息904条。';
  cover.getCell('B4').value = '第二十条第（一）项';
  cover.getCell('B5').value = '信息内容';
  cover.getCell('C5').value = '本年制发件数';
  cover.getCell('D5').value = '本年废止件数';
  cover.getCell('B6').value = { text: '规章', hyperlink: 'https://www.gov.cn/' };
  cover.getCell('C6').value = 0;
  cover.getCell('D6').value = { formula: 'C6*0', result: 0 };
  cover.getCell('B7').value = 1234567;
  cover.getCell('B8').value = '行政事业性收费';
  cover.getCell('C8').value = 0.1 + 0.2;
  cover.getCell('D8').value = 12.5;
  cover.getCell('B9').value = new Date(Date.UTC(2023, 0, 20));
  cover.getCell('C9').value = { error: '#DIV/0!' };
  cover.getCell('D9').value = true;
  cover.getCell('B10').value = '\u3000\u3000六、其他需要报告的事项：2022年未收取信息处理费。';
  // Styling alone must not widen the rows.
  cover.getCell('H20').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };

  const hidden = workbook.addWorksheet('底稿');
  hidden.state = 'hidden';
  hidden.getCell('A1').value = '去年数据';

  addTable3(workbook.addWorksheet('表三'));

  workbook.addWorksheet('空表');

  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

describe('fromXlsx', () => {
  it('reads every visible sheet in order, with displayed values and prose cells as text', async () => {
    const doc = await fromXlsx(await reportWorkbook());
    assert.equal(doc.title, '承留镇2022年政府信息公开工作年度报告');
    assert.deepEqual(doc.blocks.slice(0, 11), [
      text('承留镇人民政府2022年政府信息公开工作年度报告'),
      text('一、总体情况'),
      text('2022年，承留镇严格按照《中华人民共和国政府信息公开条例》有关要求开展工作。'),
      text('全年共发布信息904条。'),
      row(0, '第二十条第（一）项', '', ''),
      row(0, '信息内容', '本年制发件数', '本年废止件数'),
      row(0, '规章', '0', '0'),
      row(0, '1234567', '', ''),
      row(0, '行政事业性收费', '0.3', '12.5'),
      row(0, '2023-01-20', '#DIV/0!', 'TRUE'),
      text('六、其他需要报告的事项：2022年未收取信息处理费。'),
    ]);
  });

  it('reads table 三 with merged labels repeated over the cells they cover, so values keep their columns', async () => {
    const doc = await fromXlsx(await reportWorkbook());
    const rows = doc.blocks.slice(11);
    assert.ok(rows.every((b) => b.kind === 'row' && b.table === 1));
    assert.equal(rows.length, 28);
    const corner = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
    const result = '三、本年度办理结果';
    assert.deepEqual(rows.slice(0, 9), [
      row(1, corner, corner, corner, ...Array(7).fill('申请人情况')),
      row(1, corner, corner, corner, '自然人', ...Array(5).fill('法人或其他组织'), '总计'),
      row(1, corner, corner, corner, ...APPLICANT_COLUMNS),
      row(1, ...Array(3).fill('一、本年新收政府信息公开申请数量'), '5', '1', '0', '0', '0', '0', '6'),
      row(1, ...Array(3).fill('二、上年结转政府信息公开申请数量'), '1', '0', '0', '0', '0', '0', '1'),
      row(1, result, '（一）予以公开', '（一）予以公开', '4', '1', '0', '0', '0', '0', '5'),
      row(
        1,
        result,
        ...Array(2).fill('（二）部分公开 （区分处理的，只计这一情形，不计其他情形）'),
        ...zeros(7),
      ),
      row(1, result, '（三）不予公开', '1.属于国家秘密', ...zeros(7)),
      row(1, result, '（三）不予公开', '2.其他法律行政法规禁止公开', ...zeros(7)),
    ]);
    assert.deepEqual(rows.slice(26), [
      row(1, result, '（七）总计', '（七）总计', '4', '1', '0', '0', '0', '0', '5'),
      row(1, ...Array(3).fill('四、结转下年度继续办理'), '2', '0', '0', '0', '0', '0', '2'),
    ]);
  });

  it('keeps single labels that are not headings as rows, so blank table rows stay rows', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('表');
    sheet.addRow(['三、收到和处理政府信息公开申请情况']);
    sheet.addRow(['自然人', '商业企业', '总计']);
    sheet.addRow(['四、结转下年度继续办理', null, 5]);
    sheet.addRow(['四、结转下年度继续办理']);
    sheet.addRow(['第二十条第（一）项']);
    sheet.addRow(['行政复议']);
    sheet.addRow([null, 17]);
    sheet.addRow(['四、政府信息公开行政复议、行政诉讼情况']);
    const doc = await fromXlsx(new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer));
    assert.deepEqual(doc.blocks, [
      text('三、收到和处理政府信息公开申请情况'),
      row(0, '自然人', '商业企业', '总计'),
      row(0, '四、结转下年度继续办理', '', '5'),
      row(0, '四、结转下年度继续办理', '', ''),
      row(0, '第二十条第（一）项', '', ''),
      row(0, '行政复议', '', ''),
      row(0, '', '17', ''),
      text('四、政府信息公开行政复议、行政诉讼情况'),
    ]);
  });

  it('writes numbers as plain decimals and keeps a formula whose cached result is 0', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('数');
    sheet.addRow(['收费', 1e21, 1e-7, -0, 2.675, { formula: 'B1-B1', result: 0 }, { formula: 'NOW()' }]);
    sheet.addRow(['共享公式', 3, { sharedFormula: 'F1', result: 0 }]);
    const doc = await fromXlsx(new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer));
    // The never-calculated NOW() shows nothing, so its column is not part of the rows.
    assert.deepEqual(doc.blocks, [
      row(0, '收费', '1000000000000000000000', '0.0000001', '0', '2.675', '0'),
      row(0, '共享公式', '3', '0', '', '', ''),
    ]);
  });

  it('returns no blocks for a workbook with only empty sheets', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Sheet1');
    const doc = await fromXlsx(new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer));
    assert.deepEqual(doc, { blocks: [] });
  });
});

describe('fromXlsx: unreadable input', () => {
  const CORRUPT = { message: '无法读取XLSX文件：文件已损坏或不是Excel工作簿' };

  it('rejects an empty file', async () => {
    await assert.rejects(fromXlsx(new Uint8Array()), { message: '无法读取XLSX文件：文件为空' });
  });

  it('rejects random bytes and text', async () => {
    const random = Uint8Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24);
    await assert.rejects(fromXlsx(random), CORRUPT);
    await assert.rejects(fromXlsx(new TextEncoder().encode('规章,0,0,0\n')), CORRUPT);
  });

  it('rejects a truncated workbook', async () => {
    const bytes = await reportWorkbook();
    await assert.rejects(fromXlsx(bytes.subarray(0, bytes.length >> 1)), CORRUPT);
  });

  it('rejects a ZIP that is not a workbook (a Word document)', async () => {
    const bytes = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('正文')] }] }));
    await assert.rejects(fromXlsx(new Uint8Array(bytes)), CORRUPT);
  });

  it('refuses a workbook that declares gigabytes unpacked (a ZIP bomb) before unpacking it', async () => {
    await assert.rejects(fromXlsx(declaringHugeUnzippedSize(await reportWorkbook())), {
      message: '无法读取XLSX文件：文件解压后超过 128 MB，不是正常的年度报告',
    });
  });

  it('explains that a legacy .xls (OLE compound file) must be saved as .xlsx', async () => {
    const ole = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]);
    await assert.rejects(fromXlsx(ole), {
      message: '无法读取XLSX文件：这是旧版Excel（.xls）文件或加密工作簿，请在Excel中另存为.xlsx后再试',
    });
  });
});
