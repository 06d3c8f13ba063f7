import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCalendar, OFFICIAL_ARRANGEMENTS } from '../calendar/index.ts';
import { DomainError } from '../kernel/errors.ts';
import type { Finding } from '../reports/findings.ts';
import { emptyReport } from '../reports/report.ts';
import { table3Rows } from '../reports/report-format.ts';
import { checkReport } from '../reports/rules/check-report.ts';
import type { ApplicationEvent, ApplicationRecord } from './application.ts';
import { type ApplicantType, type OutcomeCode, outcome } from './outcomes.ts';
import { type AppealRecord, buildTable3, buildTable4, withApplicationTables } from './table3.ts';
import { countForYear } from './year-count.ts';

const calendar = buildCalendar(OFFICIAL_ARRANGEMENTS);

const received = (at: string): ApplicationEvent => ({ type: 'received', at, channel: 'online' });
const decided = (at: string, code: OutcomeCode): ApplicationEvent =>
  code === 'partial'
    ? { type: 'decided', at, outcome: code, legalBasis: outcome(code).basis, withheld: ['denied4'] }
    : { type: 'decided', at, outcome: code, legalBasis: outcome(code).basis };

function app(id: string, applicantType: ApplicantType, ...events: ApplicationEvent[]): ApplicationRecord {
  return { id, applicantType, events };
}

const APPLICATIONS: ApplicationRecord[] = [
  app('A', 'naturalPerson', received('2024-03-01'), decided('2024-03-11', 'granted')),
  app('B', 'commercialEnterprise', received('2024-12-20'), decided('2025-01-10', 'denied4')),
  app('C', 'legalServiceProvider', received('2023-12-28'), decided('2024-01-05', 'unable1')),
  app(
    'D',
    'naturalPerson',
    received('2024-05-06'),
    {
      type: 'supplement_requested',
      at: '2024-05-08',
      items: ['申请内容不明确'],
      correctionDue: '2024-05-31',
    },
    { type: 'supplement_expired', at: '2024-06-03' },
  ),
  app(
    'E',
    'researchInstitution',
    received('2024-06-03'),
    { type: 'fee_notice_sent', at: '2024-06-05', method: 'per_page', units: 60, amount: 300 },
    { type: 'fee_expired', at: '2024-07-15' },
  ),
  app('F', 'publicInterestOrganisation', received('2024-07-01'), { type: 'withdrawn', at: '2024-07-02' }),
  app(
    'G',
    'otherOrganisation',
    received('2024-02-01'),
    decided('2024-02-20', 'notProcessed2'),
    { type: 'reopened', at: '2025-03-03', reason: '行政复议决定责令重新答复' },
    decided('2025-03-20', 'partial'),
  ),
  app(
    'H',
    'naturalPerson',
    received('2024-04-01'),
    decided('2024-04-10', 'granted'),
    { type: 'reopened', at: '2024-09-02', reason: '行政诉讼判决责令重新答复' },
    decided('2024-09-10', 'denied6'),
  ),
  app('I', 'naturalPerson', received('2025-12-31')),
];

function row(table: Record<string, number[]>, key: string): number[] {
  const r = table[key];
  assert.ok(r, key);
  return r;
}

/** Findings of the rules about tables 三 and 四 (table 二 is left blank on purpose). */
function tableFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter(
    (f) =>
      ['R1', 'R2', 'R3', 'R6'].includes(f.rule) ||
      (f.rule === 'R5' && (f.cells ?? []).some((c) => !c.startsWith('table2'))),
  );
}

describe('countForYear', () => {
  it('counts each application once in and once out, per applicant column', () => {
    const y2024 = countForYear(APPLICATIONS, 2024, calendar);
    assert.deepEqual(
      y2024.items.map((i) => [i.id, i.entry, i.exit]),
      [
        ['A', 'new', 'granted'],
        ['B', 'new', 'carriedOut'],
        ['C', 'carriedIn', 'unable1'],
        ['D', 'new', 'other1'],
        ['E', 'new', 'other2'],
        ['F', 'new', 'other3'],
        ['G', 'new', 'notProcessed2'],
        ['H', 'new', 'denied6'],
      ],
    );
    const y2025 = countForYear(APPLICATIONS, 2025, calendar);
    assert.deepEqual(
      y2025.items.map((i) => [i.id, i.entry, i.exit, i.reopened]),
      [
        ['B', 'carriedIn', 'denied4', false],
        ['G', 'new', 'partial', true],
        ['I', 'new', 'carriedOut', false],
      ],
    );
    assert.deepEqual(y2025.rows.carriedIn, y2024.rows.carriedOut);
    assert.deepEqual(
      countForYear(APPLICATIONS, 2023, calendar).items.map((i) => [i.id, i.exit]),
      [['C', 'carriedOut']],
    );
  });
});

describe('buildTable3', () => {
  it('fills every row of the 2021 layout with 7 columns, 总计 last', () => {
    const table = buildTable3(APPLICATIONS, 2024, calendar);
    assert.deepEqual(
      Object.keys(table),
      table3Rows('2021').map((r) => r.key),
    );
    assert.deepEqual(row(table, 'new'), [3, 1, 1, 1, 0, 1, 7]);
    assert.deepEqual(row(table, 'carriedIn'), [0, 0, 0, 0, 1, 0, 1]);
    assert.deepEqual(row(table, 'granted'), [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(row(table, 'denied6'), [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(row(table, 'unable1'), [0, 0, 0, 0, 1, 0, 1]);
    assert.deepEqual(row(table, 'notProcessed2'), [0, 0, 0, 0, 0, 1, 1]);
    assert.deepEqual(row(table, 'other1'), [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(row(table, 'other2'), [0, 0, 1, 0, 0, 0, 1]);
    assert.deepEqual(row(table, 'other3'), [0, 0, 0, 1, 0, 0, 1]);
    assert.deepEqual(row(table, 'total'), [3, 0, 1, 1, 1, 1, 7]);
    assert.deepEqual(row(table, 'carriedOut'), [0, 1, 0, 0, 0, 0, 1]);
    assert.deepEqual(row(table, 'partial'), [0, 0, 0, 0, 0, 0, 0]);
  });

  it('puts the three 其他处理 outcomes in the single row of the 2019 layout', () => {
    const table = buildTable3(APPLICATIONS, 2024, calendar, '2019');
    assert.deepEqual(row(table, 'otherSingle'), [1, 0, 1, 1, 0, 0, 3]);
    assert.equal(table.other1, undefined);
  });
});

const APPEALS: AppealRecord[] = [
  { kind: 'reconsideration', filed: '2024-03-01', result: '维持', closedOn: '2024-05-01' },
  { kind: 'reconsideration', filed: '2024-11-01', result: '纠正', closedOn: '2025-01-15' },
  { kind: 'litigationDirect', filed: '2023-06-01', result: '其他', closedOn: '2023-12-01' },
  { kind: 'litigationDirect', filed: '2023-10-01', result: '尚未审结' },
  { kind: 'litigationAfterReconsideration', filed: '2025-02-01', result: '纠正', closedOn: '2025-06-01' },
];

describe('buildTable4', () => {
  it('counts the cases of the year by their status at 31 December', () => {
    assert.deepEqual(buildTable4(APPEALS, 2024), {
      reconsideration: [1, 0, 0, 1, 2],
      litigationDirect: [0, 0, 0, 1, 1],
      litigationAfterReconsideration: [0, 0, 0, 0, 0],
    });
    assert.deepEqual(buildTable4(APPEALS, 2025), {
      reconsideration: [0, 1, 0, 0, 1],
      litigationDirect: [0, 0, 0, 1, 1],
      litigationAfterReconsideration: [0, 1, 0, 0, 1],
    });
  });

  it('refuses a result without its date', () => {
    assert.throws(
      () => buildTable4([{ kind: 'reconsideration', filed: '2024-03-01', result: '维持' }], 2024),
      (e: unknown) => e instanceof DomainError && e.code === 'input.invalid' && /审结日期/.test(e.message),
    );
  });
});

describe('the built tables pass the checker', () => {
  it('R1, R2, R3, R5 (tables 三 and 四) and R6 hold for 2024 and 2025', () => {
    for (const year of [2024, 2025]) {
      const report = withApplicationTables(emptyReport('2021'), APPLICATIONS, APPEALS, year, calendar);
      assert.deepEqual(tableFindings(checkReport(report)), [], String(year));
    }
  });
});
