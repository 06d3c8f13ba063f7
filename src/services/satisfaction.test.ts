// The pure rules of 办事评价: the five levels, the reason the last two require, and the 评价码
// (generated uniformly from its alphabet, printed in groups, typed back in any case and spacing).
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  formatRatingCode,
  generateRatingCode,
  isSatisfactionLevel,
  MAX_REASON_LENGTH,
  normalizeRatingCode,
  normalizeReason,
  RATING_CODE_ALPHABET,
  RATING_CODE_LENGTH,
  ratingCodeProblem,
  ratingProblems,
  SATISFACTION_LEVEL_IDS,
  SATISFACTION_LEVELS,
} from './satisfaction.ts';

const SEED = Number(process.env.GONGKAI_FC_SEED ?? 20261127);

describe('satisfaction levels', () => {
  it('are the five levels of the 好差评, best first, ids as migration 014 stores them', () => {
    assert.deepEqual(
      SATISFACTION_LEVEL_IDS.map((id) => SATISFACTION_LEVELS[id].label),
      ['非常满意', '满意', '基本满意', '不满意', '非常不满意'],
    );
    assert.deepEqual(SATISFACTION_LEVEL_IDS, [
      'very_satisfied',
      'satisfied',
      'basically_satisfied',
      'dissatisfied',
      'very_dissatisfied',
    ]);
    assert.deepEqual(Object.keys(SATISFACTION_LEVELS).sort(), [...SATISFACTION_LEVEL_IDS].sort());
    assert.ok(!isSatisfactionLevel('toString'));
    assert.ok(!isSatisfactionLevel('满意'));
  });

  it('require a reason for 不满意 and 非常不满意 only', () => {
    for (const level of SATISFACTION_LEVEL_IDS) {
      const needs = level === 'dissatisfied' || level === 'very_dissatisfied';
      const without = ratingProblems({ level, reason: '  ' });
      assert.equal(without.length, needs ? 1 : 0, level);
      if (needs) {
        assert.equal(without[0]!.field, 'reason');
        assert.match(without[0]!.message, new RegExp(`选择“${SATISFACTION_LEVELS[level].label}”时，请写明`));
      }
      assert.deepEqual(ratingProblems({ level, reason: '窗口人员态度很好' }), [], level);
      assert.deepEqual(ratingProblems({ level, reason: undefined }).length, needs ? 1 : 0, level);
    }
  });

  it('refuses an unknown level, an over-long reason and control characters', () => {
    assert.deepEqual(
      ratingProblems({ level: 'great', reason: '' }).map((p) => p.field),
      ['level'],
    );
    assert.deepEqual(ratingProblems({ level: undefined, reason: undefined })[0]!.field, 'level');
    const long = '慢'.repeat(MAX_REASON_LENGTH + 1);
    assert.match(ratingProblems({ level: 'dissatisfied', reason: long })[0]!.message, /不能超过 500 个字/);
    assert.deepEqual(ratingProblems({ level: 'satisfied', reason: '慢'.repeat(MAX_REASON_LENGTH) }), []);
    assert.match(ratingProblems({ level: 'satisfied', reason: 'a\u0000b' })[0]!.message, /无效字符/);
    assert.match(ratingProblems({ level: 'satisfied', reason: 42 })[0]!.message, /无效/);
    // Multi-line reasons are fine.
    assert.deepEqual(ratingProblems({ level: 'very_dissatisfied', reason: '等了两小时\n无人解释' }), []);
  });

  it('stores a trimmed reason, or none', () => {
    assert.equal(normalizeReason('  排队太久 '), '排队太久');
    assert.equal(normalizeReason('   '), null);
    assert.equal(normalizeReason(undefined), null);
  });
});

describe('评价码', () => {
  it('has at least 40 bits and no symbol read as another', () => {
    assert.ok(RATING_CODE_LENGTH * Math.log2(RATING_CODE_ALPHABET.length) >= 40);
    assert.equal(new Set(RATING_CODE_ALPHABET).size, RATING_CODE_ALPHABET.length);
    for (const ambiguous of '01ILOUV') assert.ok(!RATING_CODE_ALPHABET.includes(ambiguous), ambiguous);
  });

  it('is generated from the alphabet, printed in groups of five and typed back in any case and spacing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: RATING_CODE_ALPHABET.length - 1 }), {
          minLength: RATING_CODE_LENGTH,
          maxLength: RATING_CODE_LENGTH,
        }),
        fc.constantFrom('', ' ', '  ', '-', '－', '\t'),
        fc.boolean(),
        fc.boolean(),
        (indexes, separator, lower, fullWidth) => {
          let i = 0;
          const code = generateRatingCode(() => indexes[i++]!);
          assert.equal(code.length, RATING_CODE_LENGTH);
          const printed = formatRatingCode(code);
          assert.match(printed, /^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
          let typed = printed.replace('-', separator);
          if (lower) typed = typed.toLowerCase();
          if (fullWidth)
            typed = [...typed]
              .map((c) => (/[0-9A-Za-z]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c))
              .join('');
          assert.equal(normalizeRatingCode(` ${typed} `), code);
          assert.equal(ratingCodeProblem(typed), null);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('spreads the symbols evenly with a real random source', () => {
    const counts = new Map<string, number>();
    for (let n = 0; n < 2000; n++)
      for (const symbol of generateRatingCode(randomInt)) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    assert.equal(counts.size, RATING_CODE_ALPHABET.length);
    // 20,000 symbols over 29: about 690 each; a broken mapping would leave some far off.
    for (const [symbol, count] of counts) assert.ok(count > 500 && count < 900, `${symbol}: ${count}`);
  });

  it('refuses a random source out of range', () => {
    assert.throws(() => generateRatingCode(() => RATING_CODE_ALPHABET.length), RangeError);
    assert.throws(() => generateRatingCode(() => -1), RangeError);
  });

  it('is not a code when too short, too long or with a symbol outside the alphabet', () => {
    for (const typed of [
      '',
      '7KQ2M',
      '7KQ2M-XH4PD2',
      '7KQ2M-XH4P0',
      'OKQ2M-XH4PD',
      '7KQ2M-XH4PI',
      '7KQ2MXH4P?',
    ]) {
      assert.equal(normalizeRatingCode(typed), null, typed);
      assert.ok(ratingCodeProblem(typed), typed);
    }
    assert.equal(normalizeRatingCode(42), null);
    assert.equal(normalizeRatingCode('7'.repeat(200)), null);
    assert.equal(ratingCodeProblem(''), '请填写办件回执上的评价码');
    assert.match(ratingCodeProblem('123')!, /应为 10 位数字和字母/);
  });
});
