// An annual report as one standalone HTML5 page: no scripts, no external resources, every piece of
// report text escaped. The tables follow the national layout with real row and column spans.

import Html from '@kitajs/html';
import type { AnnualReport } from '../report.ts';
import {
  type GridCell,
  type RenderedSection,
  renderedSections,
  reportTitle,
  signatureLines,
  type TableGrid,
} from './layout.ts';

export interface HtmlOptions {
  /** The page language (default zh-CN). */
  lang?: string;
}

const STYLE = `
.signature { text-align: right; margin: 0.2em 0; }
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;padding:1rem;background:#fff;color:#111;font-family:"Noto Serif CJK SC","Source Han Serif SC","Songti SC",SimSun,serif;font-size:1rem;line-height:1.8}
main{max-width:60rem;margin:0 auto}
h1{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",SimHei,sans-serif;font-size:1.5rem;line-height:1.4;text-align:center;margin:1rem 0 1.5rem}
h2{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",SimHei,sans-serif;font-size:1.2rem;margin:1.5rem 0 .5rem}
p{margin:.5rem 0;text-indent:2em;overflow-wrap:anywhere}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:1rem 0;max-width:100%}
.table-wrap:focus{outline:2px solid #1a5fb4;outline-offset:2px}
table{border-collapse:collapse;font-size:.875rem;line-height:1.5;margin:0 auto}
caption{font-weight:bold;padding:.25rem 0 .5rem;text-align:center}
th,td{border:1px solid #444;padding:.25rem .5rem;vertical-align:middle}
th{font-weight:normal;background:#f2f2f2;text-align:center}
th[scope=row]{text-align:left;background:#fafafa}
th.block{font-weight:bold;text-align:left}
th.corner{font-size:.8rem}
td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums;min-width:3em}
.t3 th[scope=row]{min-width:6em}
.t4 th{min-width:3.5em}
@media print{.table-wrap{overflow:visible}body{padding:0}}
`;

export function renderHtml(report: AnnualReport, options: HtmlOptions = {}): string {
  const title = reportTitle(report);
  const lang = Html.escapeHtml(options.lang ?? 'zh-CN');
  const sections = renderedSections(report);
  const page = (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title safe>{title}</title>
        {report.body === null ? '' : <meta name="gongkai:body" content={Html.escapeHtml(report.body)} />}
        {report.year === null ? '' : <meta name="gongkai:year" content={String(report.year)} />}
        {report.publishedOn === null ? (
          ''
        ) : (
          <meta name="PubDate" content={Html.escapeHtml(report.publishedOn)} />
        )}
        <meta name="format-detection" content="telephone=no" />
        <style>{STYLE}</style>
      </head>
      <body>
        <main>
          <article>
            <h1 safe>{title}</h1>
            {report.preamble.map((text) => (
              <p safe>{text}</p>
            ))}
            {sections.map((section) => (
              <Section section={section} />
            ))}
            {signatureLines(report).map((line) => (
              <p class="signature" safe>
                {line}
              </p>
            ))}
          </article>
        </main>
      </body>
    </html>
  ) as string;
  return `<!doctype html>\n${page}\n`;
}

function Section({ section }: { section: RenderedSection }): string {
  const id = `s-${section.definition.key}`;
  return (
    <section aria-labelledby={id}>
      <h2 id={id} safe>
        {section.heading}
      </h2>
      {section.paragraphs.map((text) => (
        <p safe>{text}</p>
      ))}
      {section.table === null ? '' : <Table grid={section.table} />}
    </section>
  ) as string;
}

const TABLE_CLASS: Record<TableGrid['table'], string> = { table2: 't2', table3: 't3', table4: 't4' };

function Table({ grid }: { grid: TableGrid }): string {
  const captionId = `cap-${grid.table}`;
  const head = grid.rows.slice(0, grid.headerRowCount);
  return (
    <section class="table-wrap" aria-labelledby={captionId} tabindex="0">
      <table class={TABLE_CLASS[grid.table]}>
        <caption id={captionId} safe>
          {grid.caption}
        </caption>
        {head.length === 0 ? (
          ''
        ) : (
          <thead>
            {head.map((cells) => (
              <Row cells={cells} />
            ))}
          </thead>
        )}
        {grid.bodyGroups.map((group) => (
          <tbody>
            {grid.rows.slice(group.start, group.end).map((cells) => (
              <Row cells={cells} />
            ))}
          </tbody>
        ))}
      </table>
    </section>
  ) as string;
}

function Row({ cells }: { cells: GridCell[] }): string {
  return (
    <tr>
      {cells.map((cell) => (
        <GridCellElement cell={cell} />
      ))}
    </tr>
  ) as string;
}

function spans(cell: GridCell): { rowspan?: number; colspan?: number } {
  return {
    rowspan: cell.rowSpan > 1 ? cell.rowSpan : undefined,
    colspan: cell.colSpan > 1 ? cell.colSpan : undefined,
  };
}

function GridCellElement({ cell }: { cell: GridCell }): string {
  const { rowspan, colspan } = spans(cell);
  switch (cell.role) {
    case 'value':
      return (
        <td class="n" rowspan={rowspan} colspan={colspan}>
          {cell.value !== null && Number.isFinite(cell.value) ? cell.value : ''}
        </td>
      ) as string;
    case 'corner':
      return (
        <th class="corner" rowspan={rowspan} colspan={colspan} safe>
          {cell.text}
        </th>
      ) as string;
    case 'blockHeader':
      return (
        <th class="block" scope="rowgroup" rowspan={rowspan} colspan={colspan} safe>
          {cell.text}
        </th>
      ) as string;
    case 'colHeader':
      return (
        <th scope={cell.colSpan > 1 ? 'colgroup' : 'col'} rowspan={rowspan} colspan={colspan} safe>
          {cell.text}
        </th>
      ) as string;
    case 'rowHeader':
      return (
        <th scope="row" rowspan={rowspan} colspan={colspan} safe>
          {cell.text}
        </th>
      ) as string;
  }
}
