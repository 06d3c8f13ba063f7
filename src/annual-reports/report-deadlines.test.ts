// Deadlines of the annual report per kind of agency and as configured, reminder days counted in
// working days on the official calendar (调休 Saturdays count), and the late flag.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCalendar, OFFICIAL_ARRANGEMENTS } from '../calendar/index.ts';
import {
  deadlineSettingsProblems,
  deadlineStatus,
  dueReminder,
  reminderDates,
  reportDeadline,
  workingDaysBefore,
} from './report-deadlines.ts';

const calendar = buildCalendar(OFFICIAL_ARRANGEMENTS);

describe('report deadlines', () => {
  it('defaults: 31 January for departments and townships, 31 March for the government of a region', () => {
    const town = reportDeadline(2022, { name: '承留镇', kind: 'town', settings: {} });
    assert.deepEqual(town, {
      date: '2023-01-31',
      basis: '乡镇（街道）年度报告：次年1月31日前（条例第四十九条及各地规定）',
      configured: false,
    });
    assert.equal(
      reportDeadline(2022, { name: '财政局', kind: 'department', settings: {} }).date,
      '2023-01-31',
    );
    assert.equal(
      reportDeadline(2022, { name: '济源示范区', kind: 'region', settings: {} }).date,
      '2023-03-31',
    );
  });

  it('the agency own setting first, then the nearest supervising agency setting for its kind', () => {
    const region = {
      name: '济源示范区',
      kind: 'region' as const,
      settings: { reportDeadlines: { town: '02-20' } },
    };
    const city = {
      name: '某市',
      kind: 'region' as const,
      settings: { reportDeadlines: { town: '01-28', department: '01-26' } },
    };
    const town = { name: '承留镇', kind: 'town' as const, settings: {} };
    assert.deepEqual(reportDeadline(2021, town, [region, city]), {
      date: '2022-02-20',
      basis: '济源示范区规定的乡镇（街道）年度报告发布期限（次年2月20日前）',
      configured: true,
    });
    assert.equal(reportDeadline(2021, { ...town, kind: 'department' }, [region, city]).date, '2022-01-26');
    const own = reportDeadline(2021, { ...town, settings: { reportDeadline: '01-25' } }, [region]);
    assert.equal(own.date, '2022-01-25');
    assert.match(own.basis, /^上级机关为本机关设定/);
    // A malformed setting is passed over, never a crash.
    assert.equal(
      reportDeadline(2021, { ...town, settings: { reportDeadline: '13-01' } }, [city]).date,
      '2022-01-28',
    );
    assert.equal(reportDeadline(2021, { ...town, settings: { reportDeadline: '02-29' } }).date, '2022-01-31');
  });

  it('names the problems of deadline settings in Chinese', () => {
    assert.deepEqual(
      deadlineSettingsProblems({ reportDeadline: '01-31', reportDeadlines: { town: '02-20' } }),
      [],
    );
    assert.deepEqual(
      deadlineSettingsProblems({
        reportDeadline: '1月31日',
        reportDeadlines: { city: '01-31', town: '02-30' },
      }),
      [
        '年度报告发布期限应写为“月-日”，如“01-31”',
        '没有“city”这类机构',
        '乡镇（街道）的年度报告发布期限应写为“月-日”，如“02-20”',
      ],
    );
  });

  it('reminders 15, 5 and 1 working days before 31 January 2023, across the Spring Festival and its 调休', () => {
    // 2023: 1月21日–27日 holidays; Saturday 28 and Sunday 29 January are working days.
    assert.deepEqual(reminderDates('2023-01-31', calendar), [
      { kind: 'before_15', date: '2023-01-05', provisional: false },
      { kind: 'before_5', date: '2023-01-19', provisional: false },
      { kind: 'before_1', date: '2023-01-30', provisional: false },
    ]);
    assert.equal(workingDaysBefore('2023-01-31', 3, calendar), '2023-01-28');
    // A year without an official arrangement: weekends only, flagged provisional.
    assert.ok(reminderDates('2031-01-31', calendar).every((r) => r.provisional));
  });

  it('the reminder due on a day: the nearest whose day has come, overdue after the deadline', () => {
    const cases: [string, string | null][] = [
      ['2022-12-30', null],
      ['2023-01-04', null],
      ['2023-01-05', 'before_15'],
      ['2023-01-18', 'before_15'],
      ['2023-01-19', 'before_5'],
      ['2023-01-29', 'before_5'],
      ['2023-01-30', 'before_1'],
      ['2023-01-31', 'before_1'],
      ['2023-02-01', 'overdue'],
    ];
    for (const [today, expected] of cases)
      assert.equal(dueReminder(today, '2023-01-31', calendar), expected, today);
  });

  it('late publication flagged against the deadline', () => {
    assert.equal(deadlineStatus('2023-01-20', '2023-01-31', null), 'open');
    assert.equal(deadlineStatus('2023-01-31', '2023-01-31', null), 'open');
    assert.equal(deadlineStatus('2023-02-01', '2023-01-31', null), 'overdue');
    assert.equal(deadlineStatus('2023-05-01', '2023-01-31', '2023-01-31'), 'published_on_time');
    assert.equal(deadlineStatus('2023-05-01', '2023-01-31', '2023-02-01'), 'published_late');
  });
});
