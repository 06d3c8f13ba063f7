import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arrangementProblems, OFFICIAL_ARRANGEMENTS } from '../../calendar/index.ts';
import {
  holidayFormValues,
  parseHolidayForm,
  parseHolidayLines,
  parseMakeupLines,
  parseYear,
} from './holiday-form.ts';

describe('parseHolidayLines', () => {
  it('reads periods and single dates, skipping blank lines', () => {
    assert.deepEqual(parseHolidayLines('2027-01-01 至 2027-01-03\n\n  \n2027-04-05\n'), {
      holidays: [
        ['2027-01-01', '2027-01-03'],
        ['2027-04-05', '2027-04-05'],
      ],
      problems: [],
    });
  });

  it('accepts full-width digits, 至 / 到 / ~ / - and other ways of writing a date', () => {
    const lines = [
      '２０２７－０１－０１　至　２０２７－０１－０３',
      '2027-02-05~2027-02-13',
      '2027-04-03 ～ 2027-04-05',
      '2027-05-01-2027-05-05',
      '2027/6/7 到 2027/6/9',
      '2027年9月15日至2027年9月17日',
      '2027.10.1 — 2027.10.7',
    ];
    const { holidays, problems } = parseHolidayLines(lines.join('\r\n'));
    assert.deepEqual(problems, []);
    assert.deepEqual(holidays, [
      ['2027-01-01', '2027-01-03'],
      ['2027-02-05', '2027-02-13'],
      ['2027-04-03', '2027-04-05'],
      ['2027-05-01', '2027-05-05'],
      ['2027-06-07', '2027-06-09'],
      ['2027-09-15', '2027-09-17'],
      ['2027-10-01', '2027-10-07'],
    ]);
  });

  it('reads a second date without its year, also across the new year', () => {
    assert.deepEqual(parseHolidayLines('2027-02-05 至 02-13\n2026年12月31日至1月2日').holidays, [
      ['2026-12-31', '2027-01-02'],
      ['2027-02-05', '2027-02-13'],
    ]);
  });

  it('ignores a label before a colon and a note in brackets after the dates', () => {
    assert.deepEqual(
      parseHolidayLines('元旦：2027-01-01 至 2027-01-03\n2027-02-05 至 2027-02-13（春节）').holidays,
      [
        ['2027-01-01', '2027-01-03'],
        ['2027-02-05', '2027-02-13'],
      ],
    );
  });

  it('sorts the periods and drops a period written twice', () => {
    assert.deepEqual(
      parseHolidayLines('2027-10-01 至 2027-10-07\n2027-01-01\n2027-10-01 至 2027-10-07').holidays,
      [
        ['2027-01-01', '2027-01-01'],
        ['2027-10-01', '2027-10-07'],
      ],
    );
  });

  it('names the line of every problem, counting blank lines as the user sees them', () => {
    const { holidays, problems } = parseHolidayLines(
      '2027-01-01 至 2027-01-03\n\n2027-02-30\n2027-13-01 至 2027-13-02\n春节七天\n2027-02-13 至 2027-02-05\n2027-01-01 至',
    );
    assert.deepEqual(holidays, [['2027-01-01', '2027-01-03']]);
    assert.deepEqual(problems, [
      '放假时段第 3 行：2027-02-30 不是有效日期。',
      '放假时段第 4 行：2027-13-01、2027-13-02 不是有效日期。',
      '放假时段第 5 行“春节七天”无法识别，应写作“2027-01-01 至 2027-01-03”或单个日期。',
      '放假时段第 6 行：结束日期 2027-02-05 早于开始日期 2027-02-13。',
      '放假时段第 7 行“2027-01-01 至”无法识别，应写作“2027-01-01 至 2027-01-03”或单个日期。',
    ]);
  });

  it('cuts a long unreadable line short in the message', () => {
    const { problems } = parseHolidayLines('x'.repeat(100));
    assert.equal(problems.length, 1);
    assert.ok(problems[0]!.includes(`“${'x'.repeat(40)}…”`));
  });
});

describe('parseMakeupLines', () => {
  it('reads one or more dates a line, sorted and without repeats', () => {
    assert.deepEqual(
      parseMakeupLines('2027-02-20\n\n２０２７－０２－１４、2027/4/25, 2027年 9 月 26 日\n2027-02-14'),
      {
        days: ['2027-02-14', '2027-02-20', '2027-04-25', '2027-09-26'],
        problems: [],
      },
    );
  });

  it('names invalid and unreadable dates with their line', () => {
    assert.deepEqual(parseMakeupLines('2027-02-14\n2027-02-29\n周六').problems, [
      '调休上班日第 2 行：2027-02-29 不是有效日期。',
      '调休上班日第 3 行“周六”无法识别，应写作“2027-02-14”这样的日期。',
    ]);
  });

  it('accepts an empty field: a year may have no make-up working days', () => {
    assert.deepEqual(parseMakeupLines(' \n'), { days: [], problems: [] });
  });
});

describe('parseYear', () => {
  it('reads four digits, full-width or followed by 年', () => {
    assert.deepEqual(parseYear(' 2027 '), { year: 2027, problems: [] });
    assert.deepEqual(parseYear('２０２７年'), { year: 2027, problems: [] });
  });

  it('asks for a year when it is missing or not four digits', () => {
    assert.deepEqual(parseYear('').problems, ['请填写年份。']);
    assert.deepEqual(parseYear('27').problems, ['年份应为四位数字，如 2027：“27”']);
  });
});

describe('parseHolidayForm', () => {
  it('gives back every shipped arrangement from the form it fills in', () => {
    for (const arrangement of OFFICIAL_ARRANGEMENTS) {
      const parsed = parseHolidayForm(holidayFormValues(arrangement));
      assert.deepEqual(parsed.problems, [], String(arrangement.year));
      assert.deepEqual(parsed.arrangement, {
        ...arrangement,
        holidays: arrangement.holidays.map(([a, b]) => [a, b]),
        makeupWorkdays: [...arrangement.makeupWorkdays],
      });
      assert.deepEqual(arrangementProblems(parsed.arrangement), []);
    }
  });

  it('collects the problems of every field and trims the source', () => {
    const parsed = parseHolidayForm({
      year: '二〇二七',
      source: '  国务院办公厅关于2027年部分节假日安排的通知  ',
      holidays: '2027-02-30',
      makeupWorkdays: 'x',
    });
    assert.equal(parsed.arrangement.source, '国务院办公厅关于2027年部分节假日安排的通知');
    assert.equal(parsed.problems.length, 3);
    assert.match(parsed.problems[0]!, /^年份应为四位数字/);
    assert.match(parsed.problems[1]!, /^放假时段第 1 行/);
    assert.match(parsed.problems[2]!, /^调休上班日第 1 行/);
  });
});
