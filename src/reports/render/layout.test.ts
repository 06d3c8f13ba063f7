import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyReport } from '../report.ts';
import {
  APPLICANT_COLUMNS,
  type ReportFormat,
  SECTIONS,
  sectionHeading,
  TABLE3_RESULT_HEADING,
  TABLE4_RESULTS,
  table2Layout,
  table3Rows,
} from '../report-format.ts';
import { sampleReport, table3Value } from './fixture.test.ts';
import {
  cellAt,
  expandGrid,
  renderedSections,
  reportTitle,
  type TableGrid,
  table2Grid,
  table3Grid,
  table4Grid,
} from './layout.ts';

const FORMATS: ReportFormat[] = ['2021', '2019'];

function assertTiled(grid: TableGrid): void {
  const seen = Array.from({ length: grid.rowCount }, () => Array.from({ length: grid.columnCount }, () => 0));
  grid.rows.forEach((cells, r) => {
    let previous = -1;
    for (const cell of cells) {
      assert.equal(cell.row, r, `cell ${cell.text} anchored in its row`);
      assert.ok(cell.col > previous, 'cells left to right');
      previous = cell.col;
      for (let dr = 0; dr < cell.rowSpan; dr++)
        for (let dc = 0; dc < cell.colSpan; dc++) seen[cell.row + dr]![cell.col + dc]!++;
    }
  });
  for (const row of seen)
    assert.deepEqual(
      row,
      row.map(() => 1),
      `${grid.table}: every position covered once`,
    );
}

describe('layout grids', () => {
  for (const format of FORMATS) {
    it(`tiles every table without gaps or overlaps (${format})`, () => {
      const report = sampleReport(format);
      for (const grid of [table2Grid(report), table3Grid(report), table4Grid(report)]) assertTiled(grid);
    });

    it(`puts table 三's 7 numbers in the last 7 cells of each row and one leaf label per row (${format})`, () => {
      const grid = table3Grid(sampleReport(format));
      const defs = table3Rows(format);
      assert.equal(grid.rowCount, grid.headerRowCount + defs.length);
      defs.forEach((def, i) => {
        const cells = grid.rows[grid.headerRowCount + i]!;
        const values = cells.slice(-APPLICANT_COLUMNS.length);
        assert.ok(values.every((c) => c.role === 'value'));
        assert.deepEqual(
          values.map((c) => c.col),
          APPLICANT_COLUMNS.map((_, c) => grid.labelColumnCount + c),
        );
        const labels = cells.slice(0, -APPLICANT_COLUMNS.length);
        assert.equal(labels.at(-1)!.text, def.label, 'the row label is the last label cell');
        if (def.key !== 'carriedIn')
          assert.deepEqual(
            values.map((c) => c.value),
            APPLICANT_COLUMNS.map((_, c) => table3Value(i, c)),
          );
        else
          assert.deepEqual(
            values.map((c) => c.text),
            APPLICANT_COLUMNS.map(() => ''),
          );
      });
    });
  }

  it('spans the group labels and 三、本年度办理结果 over their rows (2021)', () => {
    const grid = table3Grid(emptyReport('2021'));
    const all = grid.rows.flat();
    const find = (text: string) => all.find((c) => c.text === text)!;
    assert.equal(find(TABLE3_RESULT_HEADING).rowSpan, 22);
    assert.equal(find('（三）不予公开').rowSpan, 8);
    assert.equal(find('（四）无法提供').rowSpan, 3);
    assert.equal(find('（五）不予处理').rowSpan, 5);
    assert.equal(find('（六）其他处理').rowSpan, 3);
    assert.equal(find('（七）总计').colSpan, 2);
    assert.equal(find('一、本年新收政府信息公开申请数量').colSpan, 3);
    const corner = grid.rows[0]![0]!;
    assert.equal(corner.role, 'corner');
    assert.deepEqual([corner.rowSpan, corner.colSpan], [3, 3]);
    assert.equal(cellAt(grid, 9, 1)?.cell.text, '（三）不予公开');
    assert.equal(cellAt(grid, 9, 1)?.anchor, false);
  });

  it('prints the single （六）其他处理 row of the 2019 format across both inner label columns', () => {
    const grid = table3Grid(emptyReport('2019'));
    const all = grid.rows.flat();
    const other = all.filter((c) => c.text === '（六）其他处理');
    assert.equal(other.length, 1);
    assert.deepEqual([other[0]!.col, other[0]!.colSpan, other[0]!.rowSpan], [1, 2, 1]);
    assert.equal(all.find((c) => c.text === TABLE3_RESULT_HEADING)!.rowSpan, 20);
    assert.ok(!all.some((c) => c.text.includes('逾期不补正')));
  });

  it('stretches the last column of narrow table 二 blocks over the widest block', () => {
    const grid = table2Grid(sampleReport('2021'));
    assert.equal(grid.columnCount, 4);
    const licensing = grid.rows.find((cells) => cells[0]!.text === '行政许可')!;
    assert.equal(licensing.length, 2);
    assert.equal(licensing[1]!.colSpan, 3);
    const fees = grid.rows.find((cells) => cells[0]!.text === '行政事业性收费')!;
    assert.equal(fees[1]!.value, 1.25);
    assert.equal(fees[1]!.decimal, true);
    const items = grid.rows.flat().filter((c) => c.role === 'blockHeader');
    assert.deepEqual(
      items.map((c) => c.text),
      table2Layout('2021').map((b) => b.item),
    );
    assert.ok(items.every((c) => c.colSpan === 4));

    const legacy = table2Grid(sampleReport('2019'));
    const procurement = legacy.rows.find((cells) => cells[0]!.text === '政府集中采购')!;
    assert.deepEqual(
      procurement.map((c) => c.colSpan),
      [1, 1, 2],
    );
  });

  it('has table 四 headers in three rows and the 15 numbers in the row after them', () => {
    const grid = table4Grid(sampleReport('2021'));
    assert.equal(grid.headerRowCount, 3);
    assert.deepEqual(
      grid.rows[0]!.map((c) => [c.text, c.colSpan]),
      [
        ['行政复议', 5],
        ['行政诉讼', 10],
      ],
    );
    const numbers = grid.rows[3]!;
    assert.equal(numbers.length, 15);
    assert.deepEqual(
      numbers.map((c) => c.value),
      [1, 2, 3, 4, 10, 5, 6, null, 7, 18, 8, 9, 11, 12, 40],
    );
    const expanded = expandGrid(grid);
    assert.deepEqual(expanded[1]!.slice(0, 5), [...TABLE4_RESULTS]);
    assert.deepEqual(expanded[2]!.slice(0, 5), ['', '', '', '', '']);
    assert.deepEqual(expanded[2]!.slice(5, 10), [...TABLE4_RESULTS]);
  });

  it('repeats row labels that span rows when the grid is expanded', () => {
    const grid = table3Grid(emptyReport('2021'));
    const expanded = expandGrid(grid);
    const row = expanded.find((cells) => cells[2] === '1.属于国家秘密')!;
    assert.deepEqual(row.slice(0, 3), [TABLE3_RESULT_HEADING, '（三）不予公开', '1.属于国家秘密']);
    const secret = expanded.find((cells) => cells[2] === '2.其他法律行政法规禁止公开')!;
    assert.deepEqual(secret.slice(0, 2), [TABLE3_RESULT_HEADING, '（三）不予公开']);
    assert.deepEqual(expanded[1]!.slice(0, 3), ['', '', ''], 'the corner note is not repeated');
  });
});

describe('sections and title', () => {
  it('lists the six sections in order with the format headings, tables in 二, 三, 四', () => {
    const sections = renderedSections(sampleReport('2021'));
    assert.deepEqual(
      sections.map((s) => s.heading),
      SECTIONS.map(sectionHeading),
    );
    assert.deepEqual(
      sections.map((s) => s.table?.table ?? null),
      [null, 'table2', 'table3', 'table4', null, null],
    );
  });

  it('renders every section even when the report has no text for it', () => {
    const sections = renderedSections(emptyReport('2019'));
    assert.equal(sections.length, 6);
    assert.ok(sections.every((s) => s.paragraphs.length === 0));
  });

  it('composes a title when the model has none', () => {
    const report = emptyReport('2021');
    assert.equal(reportTitle(report), '政府信息公开工作年度报告');
    report.body = '承留镇人民政府';
    report.year = 2022;
    assert.equal(reportTitle(report), '承留镇人民政府2022年政府信息公开工作年度报告');
    report.title = ' 自定标题 ';
    assert.equal(reportTitle(report), '自定标题');
  });
});
