import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { escapeHtml, highlightAll, snippet } from './snippet.ts';
import { queryTerms } from './tokens.ts';

const needles = (q: string) => queryTerms(q).needles;
const text = (html: string) =>
  html
    .replace(/<\/?mark>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

describe('snippets', () => {
  it('marks the query in the original characters, whatever their width or case', () => {
    assert.equal(
      highlightAll('承留镇推进IPv6部署', needles('ipv6 承留')),
      '<mark>承留</mark>镇推进<mark>IPv6</mark>部署',
    );
    assert.equal(highlightAll('ＩＰｖ６', needles('ipv6')), '<mark>ＩＰｖ６</mark>');
    assert.equal(highlightAll('国办发〔2017〕47号', needles('2017')), '国办发〔<mark>2017</mark>〕47号');
  });

  it('marks whole words only, and the pairs of a Han run that does not occur whole', () => {
    assert.equal(highlightAll('ipv6 and v6', needles('v6')), 'ipv6 and <mark>v6</mark>');
    assert.equal(highlightAll('行政机关处罚', needles('行政处罚')), '<mark>行政</mark>机关<mark>处罚</mark>');
  });

  it('escapes HTML in and around matches', () => {
    assert.equal(
      highlightAll('<script>alert("镇")</script> & 镇', needles('镇')),
      '&lt;script&gt;alert(&quot;<mark>镇</mark>&quot;)&lt;/script&gt; &amp; <mark>镇</mark>',
    );
    assert.equal(escapeHtml(`<a href='x'>&</a>`), '&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('masks 身份证号, mobile numbers and long digit runs, and never marks inside them', () => {
    const body =
      '申请人张三，身份证号410901198001011234，电话139-1234-5678，银行卡6222021234567890123，低保资金已发放。';
    const html = snippet(body, needles('1234 低保'));
    assert.ok(!/410901198001011234|13912345678|139-1234-5678|6222021234567890123/.test(text(html)), html);
    assert.ok(html.includes('**************1234'), html);
    assert.match(html, /139-?\*{4}-?5678/);
    assert.ok(html.includes('<mark>低保</mark>'), html);
    assert.ok(!html.includes('<mark>1234</mark>'), html);
    assert.ok(!highlightAll('联系13912345678', needles('13912345678')).includes('13912345678'));
  });

  it('shows a window around the first match, with … where text is left out', () => {
    const body = `${'前言'.repeat(100)}承留镇低保资金${'后记'.repeat(100)}`;
    const html = snippet(body, needles('低保'));
    assert.ok(html.startsWith('…') && html.endsWith('…'), html);
    assert.ok(html.includes('承留镇<mark>低保</mark>资金'), html);
    assert.ok([...text(html)].length <= 120 + 2, html);
    assert.equal(snippet('短文', needles('镇')), '短文');
    assert.ok(snippet(`${'甲'.repeat(300)}`, needles('镇')).endsWith('…'));
  });

  it('finds a match late in a long body, and shows the start when none is within 20,000 characters', () => {
    const late = `${'前言'.repeat(3000)}承留镇低保资金${'后记'.repeat(100)}`;
    assert.ok(snippet(late, needles('低保')).includes('承留镇<mark>低保</mark>资金'));
    const tooLate = `${'前言'.repeat(12_000)}承留镇低保资金`;
    assert.ok(snippet(tooLate, needles('低保')).startsWith('前言前言'));
    const early = `开头承留镇低保资金${'后记'.repeat(5000)}`;
    assert.ok(snippet(early, needles('低保')).startsWith('开头承留镇<mark>低保</mark>'));
  });

  it('never shows a raw < or & and never a full 18-digit number, for any text', () => {
    const unit = fc.constantFrom('<', '>', '&', '"', "'", '镇', '低保', 'a', ' ', '1', '13', '9', 'X', '\n');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 80 }), fc.constantFrom('镇', '低保', '1', 'a'), (parts, q) => {
        const body = parts.join('');
        for (const html of [snippet(body, needles(q)), highlightAll(body, needles(q))]) {
          assert.ok(!/[<>](?!\/?mark>)/.test(html.replace(/<\/?mark>/g, '')), html);
          assert.ok(!/&(?!amp;|lt;|gt;|quot;|#39;)/.test(html), html);
          assert.ok(!/\d{15,}/.test(text(html)), html);
        }
      }),
      { numRuns: 500 },
    );
  });
});
