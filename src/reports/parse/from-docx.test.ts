import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import ExcelJS from 'exceljs';
import { declaringHugeUnzippedSize } from '../../kernel/zip-testing.ts';
import type { DocumentBlock } from './document.ts';
import { fromDocx } from './from-docx.ts';

const text = (value: string, heading?: number): DocumentBlock =>
  heading === undefined ? { kind: 'text', text: value } : { kind: 'text', text: value, heading };
const row = (table: number, ...cells: string[]): DocumentBlock => ({ kind: 'row', cells, table });
const zeros = (n: number): string[] => Array.from({ length: n }, () => '0');

interface CellSpec {
  text: string | string[];
  rowSpan?: number;
  columnSpan?: number;
}

/** A cell; an array of texts becomes several paragraphs, as when a label is typed on two lines. */
const cell = (spec: string | CellSpec): TableCell => {
  const { text: content, ...spans } = typeof spec === 'string' ? { text: spec } : spec;
  const lines = Array.isArray(content) ? content : [content];
  return new TableCell({ children: lines.map((line) => new Paragraph(line)), ...spans });
};
const table = (rows: (string | CellSpec)[][]): Table =>
  new Table({ rows: rows.map((cells) => new TableRow({ children: cells.map(cell) })) });
const values = (...numbers: number[]): string[] => numbers.map(String);

const DENIED = [
  '1.属于国家秘密',
  '2.其他法律行政法规禁止公开',
  '3.危及“三安全一稳定”',
  '4.保护第三方合法权益',
  '5.属于三类内部事务信息',
  '6.属于四类过程性信息',
  '7.属于行政执法案卷',
  '8.属于行政查询事项',
];
const UNABLE = ['1.本机关不掌握相关政府信息', '2.没有现成信息需要另行制作', '3.补正后申请内容仍不明确'];
const NOT_PROCESSED = [
  '1.信访举报投诉类申请',
  '2.重复申请',
  '3.要求提供公开出版物',
  '4.无正当理由大量反复申请',
  '5.要求行政机关确认或重新出具已获取信息',
];
const OTHER = [
  '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
  '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
  '3.其他',
];
const GROUPS: [string, string[]][] = [
  ['（三）不予公开', DENIED],
  ['（四）无法提供', UNABLE],
  ['（五）不予处理', NOT_PROCESSED],
  ['（六）其他处理', OTHER],
];

/** Table 三 laid out as the national format prints it, with its vertical and horizontal merges. */
function table3(): Table {
  const rows: (string | CellSpec)[][] = [
    [
      {
        text: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
        rowSpan: 3,
        columnSpan: 3,
      },
      { text: '申请人情况', columnSpan: 7 },
    ],
    [
      { text: '自然人', rowSpan: 2 },
      { text: '法人或其他组织', columnSpan: 5 },
      { text: '总计', rowSpan: 2 },
    ],
    ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'],
    [{ text: '一、本年新收政府信息公开申请数量', columnSpan: 3 }, ...values(5, 1, 0, 0, 0, 0, 6)],
    [{ text: '二、上年结转政府信息公开申请数量', columnSpan: 3 }, ...values(1, 0, 0, 0, 0, 0, 1)],
    [
      { text: ['三、本年度', '办理结果'], rowSpan: 22 },
      { text: '（一）予以公开', columnSpan: 2 },
      ...values(4, 1, 0, 0, 0, 0, 5),
    ],
    [{ text: ['（二）部分公开', '（区分处理的，只计这一情形，不计其他情形）'], columnSpan: 2 }, ...zeros(7)],
  ];
  for (const [group, leaves] of GROUPS) {
    leaves.forEach((leaf, index) => {
      const head: CellSpec[] = index === 0 ? [{ text: group, rowSpan: leaves.length }] : [];
      rows.push([...head, leaf, ...zeros(7)]);
    });
  }
  rows.push([{ text: '（七）总计', columnSpan: 2 }, ...values(4, 1, 0, 0, 0, 0, 5)]);
  rows.push([{ text: '四、结转下年度继续办理', columnSpan: 3 }, ...values(2, 0, 0, 0, 0, 0, 2)]);
  return table(rows);
}

async function reportDocx(): Promise<Uint8Array> {
  const document = new Document({
    title: '承留镇人民政府2022年政府信息公开工作年度报告 & 附表',
    // WPS and some localised templates name their heading styles in Chinese.
    styles: {
      paragraphStyles: [{ id: 'WpsHeading2', name: '标题 2', basedOn: 'Normal', run: { bold: true } }],
    },
    sections: [
      {
        children: [
          new Paragraph({
            text: '承留镇人民政府2022年政府信息公开工作年度报告',
            heading: HeadingLevel.TITLE,
          }),
          new Paragraph({ text: '一、总体情况', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [
              new TextRun('2022年，承留镇'),
              new TextRun({ text: '严格按照', bold: true }),
              new TextRun('《条例》要求。'),
            ],
          }),
          new Paragraph({
            children: [new TextRun('主动公开情况。'), new TextRun({ text: '依申请公开情况。', break: 1 })],
          }),
          new Paragraph({ text: '（一）主动公开', style: 'WpsHeading2' }),
          new Paragraph({ text: '二、主动公开政府信息情况', heading: HeadingLevel.HEADING_1 }),
          table([
            [{ text: '第二十条第（一）项', columnSpan: 4 }],
            ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'],
            ['规章', '0', '0', '0'],
            ['行政规范性文件', '0', '0', '2'],
            [{ text: '第二十条第（五）项', columnSpan: 4 }],
            ['信息内容', { text: '本年处理决定数量', columnSpan: 3 }],
            ['行政许可', { text: '12', columnSpan: 3 }],
          ]),
          new Paragraph({ text: '三、收到和处理政府信息公开申请情况', heading: HeadingLevel.HEADING_1 }),
          table3(),
          new Paragraph(''),
          new Paragraph('六、其他需要报告的事项'),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

describe('fromDocx', () => {
  it('reads paragraphs, Word heading styles, line breaks, tables and the core-properties title', async () => {
    const doc = await fromDocx(await reportDocx());
    assert.equal(doc.title, '承留镇人民政府2022年政府信息公开工作年度报告 & 附表');
    assert.equal(doc.publishedOn, undefined);
    assert.deepEqual(doc.blocks.slice(0, 15), [
      // The Title style is not a heading level; it stays a plain paragraph.
      text('承留镇人民政府2022年政府信息公开工作年度报告'),
      text('一、总体情况', 1),
      text('2022年，承留镇严格按照《条例》要求。'),
      text('主动公开情况。'),
      text('依申请公开情况。'),
      text('（一）主动公开', 2),
      text('二、主动公开政府信息情况', 1),
      row(0, '第二十条第（一）项'),
      row(0, '信息内容', '本年制发件数', '本年废止件数', '现行有效件数'),
      row(0, '规章', '0', '0', '0'),
      row(0, '行政规范性文件', '0', '0', '2'),
      row(0, '第二十条第（五）项'),
      row(0, '信息内容', '本年处理决定数量'),
      row(0, '行政许可', '12', '', ''),
      text('三、收到和处理政府信息公开申请情况', 1),
    ]);
    assert.deepEqual(doc.blocks.at(-1), text('六、其他需要报告的事项'));
  });

  it('keeps vertically merged cells of table 三 once, on the first row they span', async () => {
    const doc = await fromDocx(await reportDocx());
    const rows = doc.blocks.filter((b) => b.kind === 'row' && b.table === 1);
    assert.equal(rows.length, 28);
    assert.deepEqual(rows.slice(0, 9), [
      row(1, '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', '申请人情况'),
      row(1, '自然人', '法人或其他组织', '总计'),
      row(1, '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'),
      row(1, '一、本年新收政府信息公开申请数量', '5', '1', '0', '0', '0', '0', '6'),
      row(1, '二、上年结转政府信息公开申请数量', '1', '0', '0', '0', '0', '0', '1'),
      row(1, '三、本年度 办理结果', '（一）予以公开', '4', '1', '0', '0', '0', '0', '5'),
      row(1, '（二）部分公开 （区分处理的，只计这一情形，不计其他情形）', ...zeros(7)),
      row(1, '（三）不予公开', '1.属于国家秘密', ...zeros(7)),
      row(1, '2.其他法律行政法规禁止公开', ...zeros(7)),
    ]);
    assert.deepEqual(rows.slice(15, 16), [
      row(1, '（四）无法提供', '1.本机关不掌握相关政府信息', ...zeros(7)),
    ]);
    assert.deepEqual(rows.slice(23), [
      row(1, '（六）其他处理', OTHER[0]!, ...zeros(7)),
      row(1, OTHER[1]!, ...zeros(7)),
      row(1, '3.其他', ...zeros(7)),
      row(1, '（七）总计', '4', '1', '0', '0', '0', '0', '5'),
      row(1, '四、结转下年度继续办理', '2', '0', '0', '0', '0', '0', '2'),
    ]);
  });

  it('has no title when the core properties give none', async () => {
    const bytes = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('正文')] }] }));
    assert.deepEqual(await fromDocx(new Uint8Array(bytes)), { blocks: [text('正文')] });
  });

  it('reads a docx held in a view into a larger buffer', async () => {
    const bytes = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('正文')] }] }));
    const padded = new Uint8Array(bytes.length + 20);
    padded.set(bytes, 10);
    assert.deepEqual(await fromDocx(padded.subarray(10, 10 + bytes.length)), { blocks: [text('正文')] });
  });
});

describe('fromDocx: unreadable input', () => {
  const CORRUPT = { message: '无法读取DOCX文件：文件已损坏或不是Word文档' };

  it('rejects an empty file', async () => {
    await assert.rejects(fromDocx(new Uint8Array()), { message: '无法读取DOCX文件：文件为空' });
  });

  it('rejects random bytes and plain text', async () => {
    const random = Uint8Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24);
    await assert.rejects(fromDocx(random), CORRUPT);
    await assert.rejects(fromDocx(new TextEncoder().encode('<html><p>不是Word文档</p></html>')), CORRUPT);
  });

  it('rejects a truncated docx', async () => {
    const bytes = await reportDocx();
    await assert.rejects(fromDocx(bytes.subarray(0, bytes.length >> 1)), CORRUPT);
  });

  it('rejects a ZIP that is not a Word document (an Excel workbook)', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('表三').getCell('A1').value = '总计';
    const bytes = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    await assert.rejects(fromDocx(bytes), CORRUPT);
  });

  it('refuses a document that declares gigabytes unpacked (a ZIP bomb) before unpacking it', async () => {
    await assert.rejects(fromDocx(declaringHugeUnzippedSize(await reportDocx())), {
      message: '无法读取DOCX文件：文件解压后超过 128 MB，不是正常的年度报告',
    });
  });

  it('explains that a legacy .doc (OLE compound file) must be saved as .docx', async () => {
    const ole = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]);
    await assert.rejects(fromDocx(ole), {
      message: '无法读取DOCX文件：这是旧版Word（.doc）文件或加密文档，请在Word中另存为.docx后再试',
    });
  });
});
