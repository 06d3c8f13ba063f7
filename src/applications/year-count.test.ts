import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCalendar, OFFICIAL_ARRANGEMENTS } from '../calendar/index.ts';
import type { Finding } from '../reports/findings.ts';
import { emptyReport } from '../reports/report.ts';
import { checkReport } from '../reports/rules/check-report.ts';
import type { ApplicationEvent, ApplicationRecord } from './application.ts';
import { type OutcomeCode, outcome } from './outcomes.ts';
import { buildTable3, withApplicationTables } from './table3.ts';
import { countForYear } from './year-count.ts';

const calendar = buildCalendar(OFFICIAL_ARRANGEMENTS);

const received = (at: string): ApplicationEvent => ({ type: 'received', at, channel: 'online' });
const decided = (at: string, code: OutcomeCode): ApplicationEvent => ({
  type: 'decided',
  at,
  outcome: code,
  legalBasis: outcome(code).basis,
});
const ask = (at: string): ApplicationEvent => ({ type: 'reasons_requested', at, reasonDue: at });

describe('counting a year with 第三十五条 events', () => {
  const applications: ApplicationRecord[] = [
    // No good reason given: 不予处理 4 in 2024.
    {
      id: 'P',
      applicantType: 'naturalPerson',
      events: [
        received('2024-10-08'),
        ask('2024-10-10'),
        { type: 'reasons_received', at: '2024-10-15' },
        decided('2024-10-30', 'notProcessed4'),
      ],
    },
    // Good reasons, delayed deadline into 2025: carried over, answered in 2025.
    {
      id: 'Q',
      applicantType: 'commercialEnterprise',
      events: [
        received('2024-11-20'),
        ask('2024-11-22'),
        { type: 'reasons_received', at: '2024-11-25' },
        {
          type: 'delayed_deadline_set',
          at: '2024-12-02',
          dueOn: '2025-02-28',
          reason: '涉及多年档案',
          noticeOn: '2024-12-02',
        },
        decided('2025-02-20', 'granted'),
      ],
    },
    // Still waiting for reasons at the year end: carried over.
    {
      id: 'R',
      applicantType: 'naturalPerson',
      events: [received('2024-12-23'), ask('2024-12-24')],
    },
    // 重复申请 needs no request for reasons.
    {
      id: 'S',
      applicantType: 'naturalPerson',
      events: [received('2024-03-01'), decided('2024-03-05', 'notProcessed2')],
    },
  ];

  it('puts each application once in its entry row and once in its outcome or 结转 row', () => {
    const y2024 = countForYear(applications, 2024, calendar);
    assert.deepEqual(
      y2024.items.map((i) => [i.id, i.entry, i.exit]),
      [
        ['P', 'new', 'notProcessed4'],
        ['Q', 'new', 'carriedOut'],
        ['R', 'new', 'carriedOut'],
        ['S', 'new', 'notProcessed2'],
      ],
    );
    assert.deepEqual(y2024.rows.notProcessed4, [1, 0, 0, 0, 0, 0]);
    assert.deepEqual(y2024.rows.carriedOut, [1, 1, 0, 0, 0, 0]);
    const y2025 = countForYear(applications, 2025, calendar);
    assert.deepEqual(
      y2025.items.map((i) => [i.id, i.entry, i.exit]),
      [
        ['Q', 'carriedIn', 'granted'],
        ['R', 'carriedIn', 'carriedOut'],
      ],
    );
    const table = buildTable3(applications, 2024, calendar);
    assert.deepEqual(table.notProcessed4, [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(table.total, [2, 0, 0, 0, 0, 0, 2]);
  });

  it('builds tables that pass the checker (R1–R3, R5 of tables 三 and 四, R6)', () => {
    for (const year of [2024, 2025]) {
      const report = withApplicationTables(emptyReport('2021'), applications, [], year, calendar);
      const findings = checkReport(report).filter(
        (f: Finding) =>
          ['R1', 'R2', 'R3', 'R6'].includes(f.rule) ||
          (f.rule === 'R5' && (f.cells ?? []).some((c) => !c.startsWith('table2'))),
      );
      assert.deepEqual(findings, []);
    }
  });
});
