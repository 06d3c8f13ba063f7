// The working-day calendar in the back office: the years known, and the form in which an admin of
// a top-level agency enters a year's holiday arrangement from the State Council's notice.
import { Breadcrumb } from '../layout/document.tsx';
import { CsrfField, ErrorSummary, Notice, TextField } from '../layout/forms.tsx';
import { OfficeLayout } from '../layout/office-layout.tsx';
import type { Chrome } from './chrome.ts';
import type { HolidayFormValues } from './holiday-form.ts';

export const CALENDAR_HREF = '/office/calendar';

/** The form, prefilled with the year's arrangement when it has one. */
export function holidayFormHref(year?: number): string {
  return `${CALENDAR_HREF}/new${year === undefined ? '' : `?year=${year}`}`;
}

/** Where a year's arrangement comes from. */
export type YearOrigin = 'shipped' | 'entered' | 'corrected' | 'missing';

export interface CalendarYearRow {
  year: number;
  origin: YearOrigin;
  /** The State Council's notice; null for a year without an arrangement. */
  source: string | null;
  holidayPeriods: number;
  makeupWorkdays: number;
}

const ORIGINS: Readonly<Record<YearOrigin, string>> = {
  shipped: '正式（随系统提供）',
  entered: '正式（管理员录入）',
  corrected: '正式（管理员录入，替换随系统提供的安排）',
  missing: '暂定',
};

export const MISSING_YEAR = '暂未录入 — 期限按仅扣除周末推算';

export function CalendarPage(props: {
  chrome: Chrome;
  years: readonly CalendarYearRow[];
  /** The user may enter or correct a year (an admin of a top-level agency). */
  canEnter: boolean;
  notice?: string;
}): JSX.Element {
  return (
    <OfficeLayout {...props.chrome} title="节假日安排">
      <h1>节假日安排</h1>
      <Notice message={props.notice} />
      <p>
        依申请公开的答复期限等按工作日计算：跳过周末和法定节假日，调休上班日计入。国务院办公厅每年年底公布下一年的节假日安排，
        由最上级机构的系统管理员录入；尚未录入的年份，期限暂按仅扣除周末推算，并标明“暂定”。
      </p>
      {props.canEnter ? (
        <p>
          <a href={holidayFormHref()}>录入一年的节假日安排</a>
        </p>
      ) : (
        ''
      )}
      <div class="table-wrap">
        <table class="cards">
          <caption>各年度节假日安排</caption>
          <thead>
            <tr>
              <th scope="col">年度</th>
              <th scope="col">国务院通知</th>
              <th scope="col">状态</th>
              <th scope="col">放假时段</th>
              <th scope="col">调休上班日</th>
              {props.canEnter ? <th scope="col">操作</th> : ''}
            </tr>
          </thead>
          <tbody>
            {props.years.map((row) => (
              <tr id={`year-${row.year}`}>
                <th scope="row" data-label="年度" safe>
                  {`${row.year} 年`}
                </th>
                <td data-label="国务院通知" safe>
                  {row.source ?? MISSING_YEAR}
                </td>
                <td data-label="状态" safe>
                  {ORIGINS[row.origin]}
                </td>
                <td data-label="放假时段" safe>
                  {row.origin === 'missing' ? '—' : `${row.holidayPeriods} 个`}
                </td>
                <td data-label="调休上班日" safe>
                  {row.origin === 'missing' ? '—' : `${row.makeupWorkdays} 天`}
                </td>
                {props.canEnter ? (
                  <td data-label="操作">
                    <a href={holidayFormHref(row.year)}>{row.origin === 'missing' ? '录入' : '修改'}</a>
                  </td>
                ) : (
                  ''
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </OfficeLayout>
  );
}

function TextAreaField(props: {
  name: string;
  label: string;
  hint: string;
  value: string;
  rows: number;
}): JSX.Element {
  const id = `f-${props.name}`;
  return (
    <div class="field">
      <label for={id} safe>
        {props.label}
      </label>
      <span class="hint" id={`${id}-hint`} safe>
        {props.hint}
      </span>
      {/* A browser drops one newline right after <textarea>: the first line stays, even a blank one. */}
      <textarea
        id={id}
        name={props.name}
        rows={String(props.rows)}
        cols="40"
        aria-describedby={`${id}-hint`}
        safe
      >
        {`\n${props.value}`}
      </textarea>
    </div>
  );
}

export function HolidayFormPage(props: {
  chrome: Chrome;
  /** The year asked for, when it already has an arrangement (the form corrects it). */
  correcting: number | null;
  /** False for anyone but an admin of a top-level agency: the page says so instead of a form. */
  allowed: boolean;
  values?: HolidayFormValues;
  errors?: readonly string[];
}): JSX.Element {
  const title = props.correcting === null ? '录入节假日安排' : `修改 ${props.correcting} 年节假日安排`;
  const values = props.values ?? { year: '', source: '', holidays: '', makeupWorkdays: '' };
  return (
    <OfficeLayout {...props.chrome} title={title}>
      <Breadcrumb items={[{ label: '节假日安排', href: CALENDAR_HREF }, { label: title }]} />
      <h1 safe>{title}</h1>
      {props.allowed ? (
        <>
          <p>
            请依据国务院办公厅关于部分节假日安排的通知逐日核对后录入。保存后，该年度的答复期限等即按此安排计算；
            已录入的年度再次保存，以新录入的为准。
          </p>
          <ErrorSummary messages={props.errors ?? []} />
          <form method="post" action={CALENDAR_HREF} class="stacked">
            <CsrfField token={props.chrome.csrfToken} />
            <TextField
              name="year"
              label="年度"
              hint="四位数字，如 2027。"
              value={values.year}
              inputmode="numeric"
              autocomplete="off"
              required
              maxlength={10}
            />
            <TextField
              name="source"
              label="通知名称及文号"
              hint="如：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕×号）"
              value={values.source}
              autocomplete="off"
              required
              maxlength={200}
            />
            <TextAreaField
              name="holidays"
              label="放假时段"
              hint="每行一个时段，写作“2027-01-01 至 2027-01-03”；只放一天的写一个日期。也可用“~”或“-”连接。"
              value={values.holidays}
              rows={10}
            />
            <TextAreaField
              name="makeupWorkdays"
              label="调休上班日"
              hint="需要上班的周六、周日，每行一个日期，如 2027-02-14；没有则留空。"
              value={values.makeupWorkdays}
              rows={8}
            />
            <button type="submit">保存节假日安排</button>
          </form>
        </>
      ) : (
        <p>
          只有最上级机构的系统管理员可以录入或修改节假日安排。如发现安排有误，请联系该管理员。
          <a href={CALENDAR_HREF}>返回节假日安排</a>
        </p>
      )}
    </OfficeLayout>
  );
}
