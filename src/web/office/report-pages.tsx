// The back-office pages of the annual report: the years of an agency with their state and
// deadline, the report of a year (tables 二 三 四 from the data as the report prints them, every
// finding beside the sentence or cell it concerns, sections 一 五 六 in text areas, the workflow's
// forms), and the import of an earlier year's published report.
import type Html from '@kitajs/html';
import {
  DEADLINE_STATUS_LABELS,
  type DeadlineStatus,
  REPORT_SOURCE_LABELS,
  REPORT_STATE_LABELS,
  type ReportState,
  type ReportView,
} from '../../annual-reports/index.ts';
import { RULES } from '../../reports/findings.ts';
import {
  type GridCell,
  type RenderedSection,
  renderedSections,
  reportTitle,
  signatureLines,
  type TableGrid,
} from '../../reports/render/layout.ts';
import type { SectionKey } from '../../reports/report-format.ts';
import { Breadcrumb } from '../layout/document.tsx';
import { CsrfField, ErrorSummary, Notice } from '../layout/forms.tsx';
import { OfficeLayout } from '../layout/office-layout.tsx';
import { Area, Input } from './application-fields.tsx';
import type { Chrome } from './chrome.ts';
import {
  cellPaths,
  type ParagraphRef,
  type PlacedFinding,
  paragraphKey,
  sentencesOf,
} from './report-findings.ts';

const enc = encodeURIComponent;

export const reportsHref = (agencyId: string) => `/office/agencies/${enc(agencyId)}/reports`;
export const reportHref = (agencyId: string, year: number) => `${reportsHref(agencyId)}/${year}`;
export const reportImportHref = (agencyId: string) => `${reportsHref(agencyId)}/import`;

const TITLE = '政府信息公开工作年度报告';

/** The sections whose text the clerk writes, with their form field names. */
export const EDITABLE_FIELDS: readonly { key: 'overview' | 'problems' | 'other'; label: string }[] = [
  { key: 'overview', label: '一、总体情况' },
  { key: 'problems', label: '五、存在的主要问题及改进情况' },
  { key: 'other', label: '六、其他需要报告的事项' },
];

const SEVERITY_LABELS: Record<PlacedFinding['severity'], string> = {
  error: '错误',
  warning: '警告',
  info: '提示',
};

export interface AgencyRef {
  id: string;
  name: string;
}

export interface YearLine {
  year: number;
  state: ReportState | 'none';
  source: 'built' | 'imported' | null;
  errors: number;
  warnings: number;
  deadline: string;
  deadlineBasis: string;
  publishedOn: string | null;
  status: DeadlineStatus;
  late: boolean;
}

function crumbs(agency: AgencyRef, here?: string) {
  return [
    { label: agency.name },
    { label: TITLE, href: reportsHref(agency.id) },
    ...(here ? [{ label: here }] : []),
  ];
}

export function ReportListPage(props: {
  chrome: Chrome;
  agency: AgencyRef;
  lines: readonly YearLine[];
  canImport: boolean;
  thisYear: number;
  notice?: string;
}): JSX.Element {
  const { agency } = props;
  return (
    <OfficeLayout {...props.chrome} title={TITLE}>
      <Breadcrumb items={crumbs(agency)} />
      <h1 safe>{`${TITLE} — ${agency.name}`}</h1>
      <Notice message={props.notice} />
      <p>
        年度报告的表二、表三、表四由平台数据生成，第一部分由数据起草；撰稿人修改第一、五、六部分的文字，负责人审批后发布。有错误的报告不能审批。
      </p>
      {props.canImport ? (
        <ul class="actions">
          <li>
            <a href={reportImportHref(agency.id)}>导入以前年度已发布的报告</a>
          </li>
        </ul>
      ) : (
        ''
      )}
      <div class="table-wrap">
        <table>
          <caption>各年度报告</caption>
          <thead>
            <tr>
              <th scope="col">年度</th>
              <th scope="col">状态</th>
              <th scope="col">发布期限</th>
              <th scope="col">期限情况</th>
              <th scope="col">错误</th>
              <th scope="col">警告</th>
            </tr>
          </thead>
          <tbody>
            {props.lines.map((line) => (
              <tr>
                <th scope="row">
                  <a href={reportHref(agency.id, line.year)} safe>
                    {`${line.year}年度`}
                  </a>
                </th>
                <td safe>
                  {REPORT_STATE_LABELS[line.state] +
                    (line.source === 'imported' ? `（${REPORT_SOURCE_LABELS.imported}）` : '') +
                    (line.year >= props.thisYear ? '（年度未结束，仅可预览）' : '')}
                </td>
                <td>
                  <span safe>{line.deadline}</span>{' '}
                  <span class="hint" safe>
                    {line.deadlineBasis}
                  </span>
                </td>
                <td safe>
                  {DEADLINE_STATUS_LABELS[line.status] +
                    (line.publishedOn ? `（${line.publishedOn}发布）` : '') +
                    (line.late && line.status !== 'published_late' && line.status !== 'overdue'
                      ? '（逾期）'
                      : '')}
                </td>
                <td safe>{String(line.errors)}</td>
                <td safe>{String(line.warnings)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form method="get" action={reportsHref(agency.id)} class="inline-form">
        <Input form="year" name="year" label="查看其他年度" value="" inputmode="numeric" maxlength={4} />
        <button type="submit">打开</button>
      </form>
    </OfficeLayout>
  );
}

export interface ReportPageProps {
  chrome: Chrome;
  view: ReportView;
  findings: readonly PlacedFinding[];
  /** Last year's section 五 (the measures promised), when last year's report is published. */
  previousProblems: readonly string[] | null;
  /** Sections 一 五 六 as the text areas show them (one paragraph a line). */
  texts: Record<'overview' | 'problems' | 'other', string>;
  /** The sections drafted from the data (not the clerk's): an unchanged one is not saved. */
  drafted: readonly ('overview' | 'problems' | 'other')[];
  canEdit: boolean;
  canApprove: boolean;
  canRevise: boolean;
  canPublish: boolean;
  thisYear: number;
  errors?: readonly string[];
  notice?: string;
}

function Facts(props: { view: ReportView }): JSX.Element {
  const { view } = props;
  const stored = view.stored;
  return (
    <dl class="facts">
      <dt>状态</dt>
      <dd safe>
        {REPORT_STATE_LABELS[view.state] + (stored ? `（${REPORT_SOURCE_LABELS[stored.source]}）` : '')}
      </dd>
      <dt>发布期限</dt>
      <dd safe>{`${view.deadline.date}（${view.deadline.basis}）`}</dd>
      <dt>期限情况</dt>
      <dd safe>
        {DEADLINE_STATUS_LABELS[view.deadlineStatus] +
          (stored?.publishedOn ? `，${stored.publishedOn}发布` : '') +
          (stored?.late ? '，逾期发布' : '')}
      </dd>
      <dt>上年度报告</dt>
      <dd>
        {view.previous ? (
          <a href={reportHref(view.agency.id, view.previous.year)} safe>
            {`${view.previous.year}年度（${REPORT_SOURCE_LABELS[view.previous.source]}，已发布）：用于核对“上年结转”`}
          </a>
        ) : (
          '无已发布的上年度报告，不做跨年度核对'
        )}
      </dd>
      {stored?.importFileName ? (
        <>
          <dt>导入的文件</dt>
          <dd safe>{stored.importFileName}</dd>
        </>
      ) : (
        ''
      )}
    </dl>
  );
}

function StepForm(
  props: Html.PropsWithChildren<{
    chrome: Chrome;
    action: string;
    eventCount: number;
    label: string;
    disabled?: boolean;
    describedBy?: string;
  }>,
): JSX.Element {
  return (
    <form method="post" action={props.action} class="step-form">
      <CsrfField token={props.chrome.csrfToken} />
      <input type="hidden" name="expectedEventCount" value={String(props.eventCount)} />
      {props.children}
      <button type="submit" disabled={props.disabled} aria-describedby={props.describedBy} safe>
        {props.label}
      </button>
    </form>
  );
}

function Actions(props: ReportPageProps): JSX.Element {
  const { view } = props;
  const href = reportHref(view.agency.id, view.year);
  const eventCount = view.stored?.eventCount ?? 0;
  const final = view.year < props.thisYear;
  const parts: JSX.Element[] = [];
  if ((view.state === 'none' || view.state === 'draft') && props.canApprove) {
    if (!final)
      parts.push(
        <p class="hint" safe>
          {`${view.year}年尚未结束，年度报告只能预览，不能审批。`}
        </p>,
      );
    else {
      const blocked = view.counts.errors > 0;
      parts.push(
        <div class="field">
          {blocked ? (
            <p class="field-error" id="approve-blocked" safe>
              {`报告有 ${view.counts.errors} 项错误，不能审批：请修改正文或核实数据后再审批（见上方检查结果）。`}
            </p>
          ) : (
            ''
          )}
          <StepForm
            chrome={props.chrome}
            action={`${href}/approve`}
            eventCount={eventCount}
            label="审批通过"
            disabled={blocked}
            describedBy={blocked ? 'approve-blocked' : undefined}
          />
        </div>,
      );
    }
  }
  if (view.state === 'approved') {
    if (props.canPublish)
      parts.push(
        <StepForm chrome={props.chrome} action={`${href}/publish`} eventCount={eventCount} label="发布" />,
      );
    if (props.canRevise)
      parts.push(
        <StepForm chrome={props.chrome} action={`${href}/revise`} eventCount={eventCount} label="退回修改">
          <Area form="revise" name="reason" label="退回理由（可不填）" value="" rows={2} />
        </StepForm>,
      );
  }
  if (parts.length === 0) return '';
  return (
    <section class="panel" aria-labelledby="steps-title">
      <h2 id="steps-title">办理</h2>
      {view.changedSinceApproval ? (
        <p class="field-error">
          审批后数据已有变化：发布的仍是审批时的报告。如需采用新数据，请退回修改后重新审批。
        </p>
      ) : (
        ''
      )}
      {parts}
    </section>
  );
}

function FindingSummary(props: { findings: readonly PlacedFinding[]; view: ReportView }): JSX.Element {
  const { counts } = props.view;
  return (
    <section class={counts.errors > 0 ? 'panel warning' : 'panel'} aria-labelledby="findings-title">
      <h2 id="findings-title">检查结果</h2>
      <p safe>
        {props.findings.length === 0
          ? '未发现问题：表格之间、正文与表格之间的勾稽关系均一致。'
          : `错误 ${counts.errors} 项，警告 ${counts.warnings} 项，提示 ${counts.infos} 项。每项问题也标在它所涉及的句子或单元格旁。`}
      </p>
      {props.findings.length === 0 ? (
        ''
      ) : (
        <ol class="findings">
          {props.findings.map((f) => (
            <li id={`summary-${f.number}`}>
              <strong safe>{`${SEVERITY_LABELS[f.severity]}（${f.rule} ${RULES[f.rule].title}）`}</strong>{' '}
              <span safe>{f.message}</span>{' '}
              <a href={`#finding-${f.number}`} safe>
                {`查看位置（问题${f.number}）`}
              </a>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function FindingNote(props: { finding: PlacedFinding }): JSX.Element {
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

function Paragraphs(props: {
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
function ReportTable(props: {
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

function SectionBlock(props: {
  section: RenderedSection;
  page: ReportPageProps;
  editing: boolean;
  bySentence: Map<string, PlacedFinding[]>;
  byPath: Map<string, PlacedFinding[]>;
  tables: TablePlaces;
}): JSX.Element {
  const { section, page } = props;
  const key = section.definition.key;
  const field = EDITABLE_FIELDS.find((e) => e.key === key);
  const id = `s-${key}`;
  // Section 六 opens with the 信息处理费 sentence from the fee records: not the clerk's text.
  const feeSentence = key === 'other' ? section.paragraphs.slice(0, 1) : [];
  return (
    <section aria-labelledby={id} class="report-section">
      <h2 id={id} safe>
        {section.heading}
      </h2>
      <Paragraphs section={key} paragraphs={section.paragraphs} bySentence={props.bySentence} />
      {section.paragraphs.length === 0 ? <p class="hint">（本部分尚无文字）</p> : ''}
      {key === 'problems' && props.editing ? (
        <div class="panel">
          <h3>上年度报告所列的改进措施</h3>
          {page.previousProblems === null ? (
            <p>没有已发布的上年度报告。</p>
          ) : page.previousProblems.length === 0 ? (
            <p>上年度报告本部分没有文字。</p>
          ) : (
            page.previousProblems.map((p) => <p safe>{p}</p>)
          )}
        </div>
      ) : (
        ''
      )}
      {field && props.editing ? (
        <>
          {feeSentence.length > 0 ? (
            <p class="hint" safe>
              {`本部分第一段“${feeSentence[0]}”根据信息处理费的收费记录生成，不在下框中修改。`}
            </p>
          ) : (
            ''
          )}
          <Area
            form="report"
            name={key}
            label={`修改“${field.label}”的文字`}
            hint={
              key === 'overview'
                ? '每行一段。清空本框则恢复为根据数据起草的文字；正文中的数字须与表格一致。'
                : '每行一段。清空本框则本部分不写文字（第六部分保留收费说明）。'
            }
            value={page.texts[field.key]}
            rows={key === 'overview' ? 12 : 6}
          />
          {page.drafted.includes(field.key) ? (
            <input type="hidden" name={`${key}Drafted`} value={page.texts[field.key]} />
          ) : (
            ''
          )}
        </>
      ) : (
        ''
      )}
      {section.table ? (
        <ReportTable
          grid={section.table}
          paths={props.tables.paths.get(section.table.table)!}
          byPath={props.byPath}
          notes={props.tables.notes.get(section.table.table) ?? []}
        />
      ) : (
        ''
      )}
    </section>
  );
}

interface TablePlaces {
  paths: Map<TableGrid['table'], Map<string, string>>;
  notes: Map<TableGrid['table'], PlacedFinding[]>;
  /** Findings with neither a sentence nor a cell shown on the page. */
  unplaced: PlacedFinding[];
}

function tablePlaces(
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

export function ReportPage(props: ReportPageProps): JSX.Element {
  const { view } = props;
  const report = view.report;
  const title = reportTitle(report);
  const editing = props.canEdit && (view.state === 'none' || view.state === 'draft');
  const bySentence = new Map<string, PlacedFinding[]>();
  const byPath = new Map<string, PlacedFinding[]>();
  for (const f of props.findings) {
    if (f.sentence) {
      const k = paragraphKey(f.sentence.paragraph);
      bySentence.set(k, [...(bySentence.get(k) ?? []), f]);
    }
    for (const l of f.locations) byPath.set(l.path, [...(byPath.get(l.path) ?? []), f]);
  }
  const sections = renderedSections(report);
  const tables = tablePlaces(sections, view, props.findings);
  const body = (
    <>
      <Paragraphs section={null} paragraphs={report.preamble} bySentence={bySentence} />
      {sections.map((section) => (
        <SectionBlock
          section={section}
          page={props}
          editing={editing}
          bySentence={bySentence}
          byPath={byPath}
          tables={tables}
        />
      ))}
      {signatureLines(report).map((line) => (
        <p class="signature" safe>
          {line}
        </p>
      ))}
    </>
  );
  return (
    <OfficeLayout {...props.chrome} title={`${view.year}年度报告`}>
      <Breadcrumb items={crumbs({ id: view.agency.id, name: view.agency.name }, `${view.year}年度`)} />
      <h1 safe>{title}</h1>
      <Notice message={props.notice} />
      <ErrorSummary messages={props.errors ?? []} />
      <Facts view={view} />
      {view.year >= props.thisYear ? (
        <p class="hint" safe>{`${view.year}年尚未结束：这是根据目前数据生成的预览。`}</p>
      ) : (
        ''
      )}
      <FindingSummary findings={props.findings} view={view} />
      <Actions {...props} />
      <article class="annual-report" aria-label="报告全文">
        {editing ? (
          <form method="post" action={`${reportHref(view.agency.id, view.year)}/draft`}>
            <CsrfField token={props.chrome.csrfToken} />
            <input type="hidden" name="expectedEventCount" value={String(view.stored?.eventCount ?? 0)} />
            {body}
            <button type="submit">保存草稿</button>
          </form>
        ) : (
          body
        )}
      </article>
      {tables.unplaced.length > 0 ? (
        <section aria-labelledby="other-findings">
          <h2 id="other-findings">不涉及具体句子或单元格的问题</h2>
          {tables.unplaced.map((f) => (
            <FindingNote finding={f} />
          ))}
        </section>
      ) : (
        ''
      )}
    </OfficeLayout>
  );
}

export function ReportImportPage(props: {
  chrome: Chrome;
  agency: AgencyRef;
  uploadLimit: string;
  year: string;
  errors?: readonly string[];
}): JSX.Element {
  const { agency } = props;
  return (
    <OfficeLayout {...props.chrome} title="导入年度报告">
      <Breadcrumb items={crumbs(agency, '导入以前年度的报告')} />
      <h1 safe>{`导入以前年度已发布的年度报告 — ${agency.name}`}</h1>
      <ErrorSummary messages={props.errors ?? []} />
      <p>
        导入本机关在使用本平台以前已经发布的年度报告，用于跨年度核对（本年“上年结转”应等于上年报告的“结转下年度继续办理”）和年度比较。导入的报告按原样保存为已发布，检查发现的问题一并保存。
      </p>
      <form
        method="post"
        action={`${reportImportHref(agency.id)}?_csrf=${enc(props.chrome.csrfToken)}`}
        enctype="multipart/form-data"
      >
        <Input
          form="import"
          name="year"
          label="报告年度（可不填，以文件中的年度为准）"
          value={props.year}
          inputmode="numeric"
          maxlength={4}
        />
        <div class="field">
          <label for="import-file">报告文件</label>
          <span class="hint" id="import-file-hint" safe>
            {`支持纯文本（.txt）、网页（.html）和 Word（.docx）文件，不超过 ${props.uploadLimit}。`}
          </span>
          <input
            type="file"
            id="import-file"
            name="file"
            accept=".txt,.html,.htm,.docx,text/plain,text/html,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            aria-describedby="import-file-hint"
            required
          />
        </div>
        <button type="submit">导入</button>
      </form>
    </OfficeLayout>
  );
}
