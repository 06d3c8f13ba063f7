import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APPLICANT_COLUMNS, TABLE3_ROWS, TOTAL_COLUMN, table3Rows } from '../reports/report-format.ts';
import {
  APPLICANT_TYPES,
  applicantColumn,
  isOutcomeCode,
  mayJustifyWithheldPart,
  OUTCOME_CODES,
  OUTCOMES,
  outcome,
  outcomeTitle,
} from './outcomes.ts';

describe('the outcome codes', () => {
  it('are exactly the 21 result rows of table 三 (2021), in order, with the labels of report-format.ts', () => {
    const rows = table3Rows('2021').filter((r) => r.result);
    assert.equal(OUTCOMES.length, 21);
    assert.deepEqual(
      OUTCOMES.map((o) => [o.code, o.label, o.group]),
      rows.map((r) => [r.key, r.label, r.group]),
    );
    for (const o of OUTCOMES) assert.equal(o.label, TABLE3_ROWS.find((r) => r.key === o.code)?.label);
  });

  it('each rests on its articles and has a sentence for the reply letter', () => {
    const articles = Object.fromEntries(OUTCOMES.map((o) => [o.code, o.articles]));
    assert.ok(articles.denied1?.includes('第十四条'));
    assert.ok(articles.denied4?.includes('第十五条'));
    assert.deepEqual(articles.unable1, ['第三十六条第（四）项', '第三十六条第（五）项']);
    assert.deepEqual(articles.notProcessed2, ['第三十六条第（六）项']);
    assert.deepEqual(articles.notProcessed4, ['第三十五条']);
    assert.deepEqual(articles.other1, ['第三十条']);
    assert.deepEqual(outcome('other2').otherSources, [
      '《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）',
    ]);
    for (const o of OUTCOMES) {
      assert.ok(o.basis.length > 10, o.code);
      assert.ok(o.articles.length > 0 || o.note, `${o.code}: articles or a note`);
      const first = o.articles[0]?.match(/^第.+?条/)?.[0];
      if (first) assert.ok(o.basis.includes(first), `${o.code}: the sentence cites ${first}`);
    }
  });

  it('names outcomes by group and row', () => {
    assert.equal(outcomeTitle('granted'), '予以公开');
    assert.equal(outcomeTitle('partial'), '部分公开');
    assert.equal(outcomeTitle('denied4'), '不予公开（4.保护第三方合法权益）');
    assert.equal(outcomeTitle('other3'), '其他处理（3.其他）');
  });

  it('knows which reasons may justify the withheld part of a partial disclosure', () => {
    assert.deepEqual(OUTCOME_CODES.filter(mayJustifyWithheldPart), [
      'denied1',
      'denied2',
      'denied3',
      'denied4',
      'denied5',
      'denied6',
      'denied7',
      'denied8',
      'unable1',
      'unable2',
    ]);
    assert.equal(isOutcomeCode('denied9'), false);
    assert.equal(isOutcomeCode('otherSingle'), false);
  });
});

describe('the applicant types', () => {
  it('are the six applicant columns of table 三, labels from report-format.ts', () => {
    assert.deepEqual(
      APPLICANT_TYPES.map((t) => t.label),
      APPLICANT_COLUMNS.slice(0, TOTAL_COLUMN),
    );
    assert.deepEqual(
      APPLICANT_TYPES.map((t) => t.label),
      ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'],
    );
    assert.equal(applicantColumn('legalServiceProvider'), 4);
    assert.deepEqual(
      APPLICANT_TYPES.filter((t) => t.legalPerson).map((t) => t.column),
      [1, 2, 3, 4, 5],
    );
  });
});
