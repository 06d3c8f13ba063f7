import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { normalizeForSearch, normalizeWithOffsets, originalRange } from './normalize.ts';
import { arbitraryUnits, guaranteedSubstrings } from './testing.ts';
import { indexText, MAX_INDEXED_BYTES, MAX_WORD, pretokenize, queryTerms, searchTokens } from './tokens.ts';

/** i in base 26, written with a–z. */
function letters(i: number): string {
  return [...i.toString(26)].map((d) => String.fromCharCode(97 + Number.parseInt(d, 26))).join('');
}

function has(text: string, ...tokens: string[]): void {
  const all = new Set(searchTokens(text));
  for (const t of tokens) assert.ok(all.has(t), `${text}: expected token ${t} in ${[...all].join(' ')}`);
}

describe('normalisation', () => {
  it('is NFKC and lower case, group by group, with offsets back to the original', () => {
    assert.equal(normalizeForSearch('ＩＰｖ６ 国办发〔2017〕47号 ①'), 'ipv6 国办发〔2017〕47号 1');
    assert.equal(normalizeForSearch('Cafe\u0301'), 'café');
    const n = normalizeWithOffsets('A㈠b');
    assert.equal(n.text, 'a(一)b');
    assert.deepEqual(originalRange(n, 2, 3), [1, 2]);
  });

  it('gives the same text with and without offsets, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => {
        assert.equal(normalizeWithOffsets(s).text, normalizeForSearch(s));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('searchTokens', () => {
  it('indexes every Han character and neighbouring pair, and jieba words of three or more', () => {
    has('承留镇人民政府关于行政处罚的决定', '承', '留', '镇', '承留', '留镇', '人民政府', '行政处罚');
    assert.ok(!searchTokens('承留镇').includes('承留镇'), 'no three-character token outside jieba');
  });

  it('keeps Latin words and numbers whole and splits letters from digits', () => {
    has('国办发〔2017〕47号', '国办发', '国办', '2017', '47', '号');
    has('IPv6 地址', 'ipv6', 'ipv', '6', '地址');
    has('ＩＰｖ６', 'ipv6');
    has('2026年度', '2026', '年', '年度');
    has('GB/T 7714-2015', 'gb', 't', '7714', '2015');
    assert.deepEqual(searchTokens('3.14'), ['3', '14']);
  });

  it('cuts long words at the same length in documents and queries', () => {
    const long = 'x'.repeat(MAX_WORD + 10);
    assert.deepEqual(searchTokens(long), ['x'.repeat(MAX_WORD)]);
    assert.deepEqual(queryTerms(long).required, ['x'.repeat(MAX_WORD)]);
  });

  it('stops a field once its distinct tokens take MAX_INDEXED_BYTES of UTF-8', () => {
    const words = Array.from({ length: 20_000 }, (_, i) => `w${letters(i).padStart(38, 'q')}`);
    const indexed = new Set(indexText(words.join(' ')).split(' '));
    assert.equal(indexed.size, Math.floor(MAX_INDEXED_BYTES / 39));
    assert.ok(indexed.has(words[0]!) && !indexed.has(words.at(-1)!));
    const short = '承留镇低保资金发放情况公示'.repeat(1000);
    assert.equal(indexText(short), searchTokens(short).join(' '));
  });
});

describe('queryTerms', () => {
  it('requires the pairs of a Han run, its one character when alone, and whole words', () => {
    assert.deepEqual(queryTerms('镇').required, ['镇']);
    assert.deepEqual(queryTerms('承留').required, ['承留']);
    assert.deepEqual(queryTerms('承留镇').required, ['承留', '留镇']);
    assert.deepEqual(queryTerms('IPv6 部署').required, ['ipv6', '部署']);
    assert.deepEqual(queryTerms('2026年').required, ['2026', '年']);
    assert.deepEqual(queryTerms('行政处罚').boost, ['行政处罚']);
  });

  it('reads no syntax: quotes, stars, OR, NEAR(, minus and colons are separators or words', () => {
    assert.deepEqual(queryTerms('"承留" OR NEAR(镇 -村: *').required, ['承留', 'or', 'near', '镇', '村']);
    assert.deepEqual(queryTerms('" * - : ( ) 〔〕。').required, []);
    assert.deepEqual(queryTerms('').required, []);
  });

  it('T-P4: every substring of 1–6 units that cuts no word has its required tokens in the text', () => {
    fc.assert(
      fc.property(arbitraryUnits(), (units) => {
        const tokens = new Set(searchTokens(units.join('')));
        for (const [start, end] of guaranteedSubstrings(units)) {
          const q = units.slice(start, end).join('');
          const { required } = queryTerms(q);
          for (const token of required) {
            assert.ok(tokens.has(token), `"${q}" of "${units.join('')}": ${token} not indexed`);
          }
          // A query with a letter, digit or Han character requires something.
          if (/[\p{L}\p{N}]/u.test(normalizeForSearch(q))) assert.ok(required.length > 0, q);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('requires only tokens that searchTokens gives for the query itself', () => {
    fc.assert(
      fc.property(arbitraryUnits(12), (units) => {
        const q = units.join('');
        const own = new Set(searchTokens(q));
        const terms = queryTerms(q);
        for (const t of [...terms.required, ...terms.boost]) assert.ok(own.has(t), `${q}: ${t}`);
      }),
      { numRuns: 500 },
    );
  });
});

describe('pretokenize', () => {
  it('gives indexText exactly the tokens it would compute, once', () => {
    const text = `${'承留镇人民政府关于秸秆禁烧工作的通知，'.repeat(400)}附件《名单》`;
    const expected = indexText(text);
    pretokenize(text);
    // The same text in another string object (as read again inside the transaction).
    const again = `${text.slice(0, 10)}${text.slice(10)}`;
    assert.equal(indexText(again), expected);
    assert.equal(indexText(again), expected, 'and again without the prepared tokens');
    // Short texts are not worth keeping.
    pretokenize('秸秆禁烧');
    assert.equal(indexText('秸秆禁烧'), indexText('秸秆禁烧'));
  });
});
