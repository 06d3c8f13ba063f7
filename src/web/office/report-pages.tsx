// The back-office page of an agency's annual report of a year: its state and deadline, the findings
// (summary at the top, each also beside the sentence or cell it concerns), the tables 二 三 四 from
// the data as the report prints them, sections 一 五 六 in text areas for the clerk, and the forms of
// the workflow the user's roles allow (approve — disabled while errors exist —, revise, publish).
import type Html from '@kitajs/html';
import {
  DEADLINE_STATUS_LABELS,
  REPORT_SOURCE_LABELS,
  REPORT_STATE_LABELS,
  type ReportView,
} from '../../annual-reports/index.ts';
import { RULES } from '../../reports/findings.ts';
import {
  type RenderedSection,
  renderedSections,
  reportTitle,
  signatureLines,
} from '../../reports/render/layout.ts';
import { Breadcrumb } from '../layout/document.tsx';
import { CsrfField, ErrorSummary, Notice } from '../layout/forms.tsx';
import { OfficeLayout } from '../layout/office-layout.tsx';
import { Area } from './application-fields.tsx';
import type { Chrome } from './chrome.ts';
import {
  FindingNote,
  Paragraphs,
  ReportTable,
  SEVERITY_LABELS,
  type TablePlaces,
  tablePlaces,
} from './report-body.tsx';
import { type PlacedFinding, paragraphKey } from './report-findings.ts';
import { crumbs, reportHref } from './report-list-pages.tsx';

const HINTS: Record<'overview' | 'problems' | 'other', string> = {
  overview: '每行一段。清空本框则恢复为根据数据起草的文字；正文中的数字须与表格一致。',
  problems: '每行一段。写明存在的主要问题、改进措施和上年度改进措施的落实情况；清空本框则本部分不写文字。',
  other: '每行一段。清空本框则本部分只有收费说明。',
};

/** The sections whose text the clerk writes, with their form field names. */
export const EDITABLE_FIELDS: readonly { key: 'overview' | 'problems' | 'other'; label: string }[] = [
  { key: 'overview', label: '一、总体情况' },
  { key: 'problems', label: '五、存在的主要问题及改进情况' },
  { key: 'other', label: '六、其他需要报告的事项' },
];
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
      {field && section.paragraphs.length === 0 ? <p class="hint">（本部分尚无文字）</p> : ''}
      {field && props.editing ? (
        <div class={key === 'problems' ? 'beside' : undefined}>
          <div>
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
              hint={HINTS[field.key]}
              value={page.texts[field.key]}
              rows={key === 'overview' ? 12 : 6}
            />
            {page.drafted.includes(field.key) ? (
              <input type="hidden" name={`${key}Drafted`} value={page.texts[field.key]} />
            ) : (
              ''
            )}
          </div>
          {key === 'problems' ? (
            <aside class="panel" aria-labelledby="previous-problems">
              <h3 id="previous-problems">上年度报告所列的问题和改进措施</h3>
              {page.previousProblems === null ? (
                <p>没有已发布的上年度报告。</p>
              ) : page.previousProblems.length === 0 ? (
                <p>上年度报告本部分没有文字。</p>
              ) : (
                page.previousProblems.map((p) => <p safe>{p}</p>)
              )}
            </aside>
          ) : (
            ''
          )}
        </div>
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
