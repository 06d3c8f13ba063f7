import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { NormativeDocument } from './normative.ts';
import {
  documentProblems,
  formatWanYuan,
  inForceOn,
  parseCount,
  parseWanYuan,
  parseYearCountsForm,
  registerCounts,
  statusOn,
  wanYuan,
} from './normative-rules.ts';
import { arbitraryDocument, naiveCounts } from './testing.ts';

const SEED = Number(process.env.GONGKAI_FC_SEED ?? 20261126);

function doc(overrides: Partial<NormativeDocument> = {}): NormativeDocument {
  return {
    kind: 'normative',
    title: '承留镇村级集体经济组织财务管理办法',
    documentNumber: '承政〔2021〕5号',
    issuedOn: '2021-03-01',
    effectiveOn: '2021-04-01',
    validUntil: null,
    status: 'valid',
    statusOn: null,
    itemId: null,
    ...overrides,
  };
}

describe('the register rules', () => {
  it('accepts a complete document and names every problem of a bad one in Chinese', () => {
    assert.deepEqual(documentProblems(doc(), '2026-03-02'), []);
    const problems = documentProblems(
      doc({
        kind: 'other' as never,
        title: ' ',
        documentNumber: '',
        issuedOn: '2027-01-01',
        effectiveOn: '2026-02-30',
        status: 'repealed',
        statusOn: null,
      }),
      '2026-03-02',
    );
    assert.deepEqual(problems, [
      '请选择类别（规章或行政规范性文件）',
      '请填写标题',
      '请填写文号',
      '发布（制发）日期不能晚于今天',
      '施行日期无效，请按“2024-01-31”的格式填写',
      '请填写废止的日期',
    ]);
    assert.deepEqual(documentProblems(doc({ effectiveOn: '2021-02-01' }), '2026-03-02'), [
      '施行日期不能早于发布日期',
    ]);
    assert.deepEqual(documentProblems(doc({ validUntil: '2021-03-31' }), '2026-03-02'), [
      '有效期至不能早于施行日期',
    ]);
    assert.deepEqual(documentProblems(doc({ statusOn: '2022-01-01' }), '2026-03-02'), [
      '有效的文件不填写废止、失效或修改日期',
    ]);
    assert.deepEqual(documentProblems(doc({ status: 'expired', statusOn: '2020-01-01' }), '2026-03-02'), [
      '失效日期不能早于发布日期',
    ]);
    assert.deepEqual(documentProblems(doc({ title: '标题\u0000' }), '2026-03-02'), ['标题含有无效字符']);
  });

  it('counts a year as table 二 prints it: issued in the year, repealed in the year, in force on 31 December', () => {
    const docs = [
      doc(),
      // Issued in December, in force only from next year: issued this year, not yet valid.
      doc({ issuedOn: '2022-12-20', effectiveOn: '2023-01-01' }),
      // Repealed on 31 December: repealed this year and no longer valid.
      doc({ status: 'repealed', statusOn: '2022-12-31' }),
      // Repealed next year: still valid at the end of this one.
      doc({ status: 'repealed', statusOn: '2023-01-01' }),
      // Lapsed: not 废止, not valid.
      doc({ status: 'expired', statusOn: '2022-06-30' }),
      // 有效期至 31 December: valid through that day.
      doc({ validUntil: '2022-12-31' }),
      doc({ validUntil: '2022-12-30' }),
      // Amended: in force as amended.
      doc({ status: 'amended', statusOn: '2022-05-01' }),
      doc({ kind: 'regulation', issuedOn: '2022-01-01', effectiveOn: '2022-01-01' }),
    ];
    assert.deepEqual(registerCounts(docs, 2022), {
      regulation: { issued: 1, repealed: 0, valid: 1 },
      normative: { issued: 1, repealed: 1, valid: 4 },
    });
    assert.deepEqual(registerCounts(docs, 2020), {
      regulation: { issued: 0, repealed: 0, valid: 0 },
      normative: { issued: 0, repealed: 0, valid: 0 },
    });
    assert.equal(statusOn(docs[1]!, '2022-12-31'), 'pending');
    assert.equal(statusOn(docs[2]!, '2022-12-31'), 'repealed');
    assert.equal(statusOn(docs[3]!, '2022-12-31'), 'valid');
    assert.equal(statusOn(docs[6]!, '2022-12-31'), 'expired');
    assert.equal(statusOn(docs[7]!, '2022-12-31'), 'amended');
    assert.equal(inForceOn(docs[5]!, '2022-12-31'), true);
  });

  it('equals a naive count over random registers, for every year', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryDocument, { maxLength: 40 }),
        fc.integer({ min: 2015, max: 2030 }),
        (docs, year) => {
          assert.deepEqual(registerCounts(docs, year), naiveCounts(docs, year));
        },
      ),
      { numRuns: 500, seed: SEED },
    );
  });

  it('reads counts as non-negative integers and 万元 with at most four decimals, exactly', () => {
    assert.equal(parseCount('60'), 60);
    assert.equal(parseCount('１，２３４'), 1234);
    assert.equal(parseCount(' 0 '), 0);
    for (const bad of ['', '-1', '1.5', '1e3', 'abc', '0x10', '999999999999'])
      assert.equal(parseCount(bad), null, bad);
    assert.equal(parseWanYuan('12.3456'), 123_456);
    assert.equal(parseWanYuan('0.0001'), 1);
    assert.equal(parseWanYuan('7'), 70_000);
    assert.equal(parseWanYuan('7.'), 70_000);
    assert.equal(parseWanYuan('０．５'), 5_000);
    for (const bad of ['', '-0.1', '1.23456', '.5', 'NaN', '1,2.3.4'])
      assert.equal(parseWanYuan(bad), null, bad);
    assert.equal(formatWanYuan(123_456), '12.3456');
    assert.equal(formatWanYuan(5_000), '0.5');
    assert.equal(formatWanYuan(70_000), '7');
    assert.equal(formatWanYuan(0), '0');
    assert.equal(wanYuan(3), 0.0003);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000_000 }), (yuan) => {
        assert.equal(parseWanYuan(formatWanYuan(yuan)), yuan);
      }),
      { seed: SEED },
    );
    const form = parseYearCountsForm(2022, {
      licensing: '0',
      penalty: '60',
      enforcement: 'x',
      fees: '1.23456',
    });
    assert.deepEqual(form.problems, [
      '行政强制的处理决定数量应为非负整数',
      '行政事业性收费金额应为非负数，单位万元，最多四位小数',
    ]);
  });
});
