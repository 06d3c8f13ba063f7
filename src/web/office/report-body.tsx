// The annual report as the back office shows it: the paragraphs with each finding's sentence marked
// and its note after the paragraph, the tables as printed with each flagged cell numbered and the
// notes of findings about cells only below their table, and the findings that have no place.
import type { ReportView } from '../../annual-reports/index.ts';
import type { GridCell, RenderedSection, TableGrid } from '../../reports/render/layout.ts';
import type { SectionKey } from '../../reports/report-format.ts';
import {
  cellPaths,
  type ParagraphRef,
  type PlacedFinding,
  paragraphKey,
  sentencesOf,
} from './report-findings.ts';

export const SEVERITY_LABELS: Record<PlacedFinding['severity'], string> = {
  error: '错误',
  warning: '警告',
  info: '提示',
};

export function FindingNote(props: { finding: PlacedFinding }): JSX.Element {
  const f = props.finding;
  return (
    <p class={`finding-note ${f.severity}`} id={`finding-${f.number}`} role="note">
      <strong safe>{`问题${f.number}（${SEVERITY_LABELS[f.severity]}，${f.rule}）：`}</strong>
      <span safe>{f.message}</span>
      {f.locations.length > 0 ? (
        <span class="hint" safe>
          {`涉及：${f.locations.map((l) => l.label).join('；')}`}
        </span>
      ) : (
        ''
      )}{' '}
      <a href={`#summary-${f.number}`}>返回检查结果</a>
    </p>
  );
}

/** A paragraph with its marked sentences and, after it, the findings about them. */
function Paragraph(props: { text: string; notes: readonly PlacedFinding[] }): JSX.Element {
  const marked = new Map(props.notes.map((f) => [f.sentence!.sentence, f]));
  const sentences = sentencesOf(props.text);
  return (
    <>
      <p>
        {sentences.map((s, i) => {
          const f = marked.get(i);
          return f ? (
            <mark class={f.severity}>
              <span safe>{s}</span>
              <a href={`#finding-${f.number}`} class="finding-ref" safe>
                {`[问题${f.number}]`}
              </a>
            </mark>
          ) : (
            <span safe>{s}</span>
          );
        })}
      </p>
      {props.notes.map((f) => (
        <FindingNote finding={f} />
      ))}
    </>
  );
}

export function Paragraphs(props: {
  section: SectionKey | null;
  paragraphs: readonly string[];
  bySentence: Map<string, PlacedFinding[]>;
}): JSX.Element {
  return (
    <>
      {props.paragraphs.map((text, index) => {
        const ref: ParagraphRef = { section: props.section, index };
        return <Paragraph text={text} notes={props.bySentence.get(paragraphKey(ref)) ?? []} />;
      })}
    </>
  );
}

/** A table of the report as printed, each cell a finding names marked with the finding's number. */
export function ReportTable(props: {
  grid: TableGrid;
  paths: Map<string, string>;
  byPath: Map<string, PlacedFinding[]>;
  /** The findings about cells only whose first cell shown is in this table: noted below it. */
  notes: readonly PlacedFinding[];
}): JSX.Element {
  const { grid } = props;
  const head = grid.rows.slice(0, grid.headerRowCount);
  const cell = (c: GridCell) => {
    const rowspan = c.rowSpan > 1 ? String(c.rowSpan) : undefined;
    const colspan = c.colSpan > 1 ? String(c.colSpan) : undefined;
    if (c.role === 'value') {
      const path = props.paths.get(`${c.row}:${c.col}`);
      const marks = path ? (props.byPath.get(path) ?? []) : [];
      return (
        <td
          class={marks.length > 0 ? `n flagged ${marks[0]!.severity}` : 'n'}
          rowspan={rowspan}
          colspan={colspan}
        >
          <span safe>{c.text}</span>
          {marks.map((f) => (
            <a href={`#finding-${f.number}`} class="finding-ref" safe>
              {`[问题${f.number}]`}
            </a>
          ))}
        </td>
      );
    }
    const scope =
      c.role === 'rowHeader'
        ? 'row'
        : c.role === 'blockHeader'
          ? 'rowgroup'
          : c.role === 'corner'
            ? undefined
            : c.colSpan > 1
              ? 'colgroup'
              : 'col';
    return (
      <th scope={scope} rowspan={rowspan} colspan={colspan} safe>
        {c.text}
      </th>
    );
  };
  return (
    <>
      <div class="table-wrap report-table">
        <table>
          <caption safe>{grid.caption}</caption>
          {head.length === 0 ? (
            ''
          ) : (
            <thead>
              {head.map((cells) => (
                <tr>{cells.map(cell)}</tr>
              ))}
            </thead>
          )}
          {grid.bodyGroups.map((g) => (
            <tbody>
              {grid.rows.slice(g.start, g.end).map((cells) => (
                <tr>{cells.map(cell)}</tr>
              ))}
            </tbody>
          ))}
        </table>
      </div>
      {props.notes.map((f) => (
        <FindingNote finding={f} />
      ))}
    </>
  );
}

export interface TablePlaces {
  paths: Map<TableGrid['table'], Map<string, string>>;
  notes: Map<TableGrid['table'], PlacedFinding[]>;
  /** Findings with neither a sentence nor a cell shown on the page. */
  unplaced: PlacedFinding[];
}

export function tablePlaces(
  sections: readonly RenderedSection[],
  view: ReportView,
  findings: readonly PlacedFinding[],
): TablePlaces {
  const paths = new Map<TableGrid['table'], Map<string, string>>();
  const tableOf = new Map<string, TableGrid['table']>();
  for (const s of sections) {
    if (!s.table) continue;
    const p = cellPaths(s.table, view.report);
    paths.set(s.table.table, p);
    for (const path of p.values()) tableOf.set(path, s.table.table);
  }
  const notes = new Map<TableGrid['table'], PlacedFinding[]>();
  const unplaced: PlacedFinding[] = [];
  for (const f of findings) {
    if (f.sentence !== null) continue;
    const table = f.locations.map((l) => tableOf.get(l.path)).find((t) => t !== undefined);
    if (table === undefined) unplaced.push(f);
    else notes.set(table, [...(notes.get(table) ?? []), f]);
  }
  return { paths, notes, unplaced };
}
