import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { residentId } from '../applications/testing.ts';
import {
  isCreditCode,
  isIdNumber,
  luhnValid,
  redactPersonalData,
  scanFields,
  scanPersonalData,
} from './personal-data.ts';
import { htmlToText, redactHtml } from './rich-text.ts';

/** A bank card number with the right Luhn digit for the given digits. */
function card(prefix: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(`${prefix}${d}`)) return `${prefix}${d}`;
  throw new Error('unreachable');
}

const ID = residentId('41900119800101123');
const CARD = card('622202123456789012');

describe('personal-data scan', () => {
  it('finds an ID number, a mobile and a bank card with positions and masked previews', () => {
    const text = `申请人张三，身份证号${ID}，手机13812345678，银行卡${CARD}。`;
    const findings = scanPersonalData(text);
    assert.deepEqual(
      findings.map((f) => [f.kind, text.slice(f.start, f.end), f.preview]),
      [
        ['id_number', ID, `${ID.slice(0, 4)}**********${ID.slice(-4)}`],
        ['mobile', '13812345678', '138****5678'],
        ['bank_card', CARD, `${CARD.slice(0, 4)}***********${CARD.slice(-4)}`],
      ],
    );
  });

  it('reads grouped, full-width and lower-case-x writings', () => {
    const x = residentId('11010519491231002');
    const withX = x.endsWith('X') ? x : residentId('11010519491231007');
    const cases = [
      '电话 138 1234 5678 联系',
      '电话138-1234-5678联系',
      '电话１３８１２３４５６７８联系',
      `身份证 ${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14)} 号`,
      `卡号 ${CARD.slice(0, 4)} ${CARD.slice(4, 8)} ${CARD.slice(8, 12)} ${CARD.slice(12, 16)} ${CARD.slice(16)}`,
    ];
    for (const text of cases) assert.equal(scanPersonalData(text).length, 1, text);
    if (withX.endsWith('X')) {
      const lower = `号码${withX.slice(0, 17)}x。`;
      assert.deepEqual(
        scanPersonalData(lower).map((f) => f.kind),
        ['id_number'],
      );
    }
  });

  it('reads a mobile behind a glued country code or a Latin label, and full-width digits', () => {
    const cases = [
      '电话+8613812345678',
      '电话8613812345678。',
      '电话008613812345678',
      'Tel13812345678',
      'Tel:13812345678',
      'TEL：13812345678',
      'tel１３８１２３４５６７８',
      '电话１３８１２３４５６７８',
      '电话＋８６１３８１２３４５６７８',
      'mailto:13812345678@139.com',
    ];
    for (const text of cases) {
      const found = scanPersonalData(text);
      assert.deepEqual(
        found.map((f) => f.preview),
        ['138****5678'],
        text,
      );
      assert.equal(found[0]!.end - found[0]!.start, 11, text);
      const redacted = redactPersonalData(text);
      assert.deepEqual(scanPersonalData(redacted), [], text);
      assert.ok(!/13812345678|１３８１２３４５６７８/.test(redacted), text);
    }
    assert.deepEqual(
      scanPersonalData(`SFZ${ID}`).map((f) => f.kind),
      ['id_number'],
    );
    const { html } = redactHtml('<p>电话＋８６１３８１２３４５６７８，Tel13812345678</p>');
    assert.equal(html, '<p>电话＋８６138****5678，Tel138****5678</p>');
  });

  it('still finds nothing in codes that end in a mobile-like run or in longer numbers', () => {
    const text = [
      'GK1A13812345678',
      'A1B13812345678',
      '2861381234567801',
      '编号12813812345678',
      '8613812345678元',
      '¥8613812345678',
      '861381234567',
    ].join('，');
    assert.deepEqual(scanPersonalData(text), []);
  });

  it('finds nothing in record ids and hex digests, also in links, file names and after a label', () => {
    // The last group of this UUID ends in b14117589209: the b is a hex digit, not a label like Tel.
    const uuid = '0b8e6a0e-7d5c-4e31-9a3f-b14117589209';
    const cases = [
      uuid,
      `电话：${uuid}`,
      `联系方式见 https://gk.example.gov.cn/items/${uuid}/print`,
      `<a href="/items/${uuid}">手机</a>`,
      `附件 ${uuid}.pdf`,
      `手机 ${uuid.toUpperCase()}`,
      '联系电话：b14117589209',
      '手机号 ab13812345678',
      '/files/deadbeef13812345678.png',
      `身份证号 cafe${ID}`,
    ];
    for (const text of cases) assert.deepEqual(scanPersonalData(text), [], text);
    // The number beside the link is still found, and only it.
    const text = `电话13812345678，详见 /items/${uuid}`;
    assert.deepEqual(
      scanPersonalData(text).map((f) => text.slice(f.start, f.end)),
      ['13812345678'],
    );
  });

  it('rejects a wrong check digit, an impossible birth date and a wrong Luhn digit', () => {
    const wrong = `${ID.slice(0, 17)}${ID[17] === '0' ? '1' : '0'}`;
    assert.equal(isIdNumber(wrong), false);
    assert.equal(isIdNumber(residentId('41900119801301123')), false); // month 13
    const badCard = `${CARD.slice(0, -1)}${(Number(CARD.at(-1)) + 1) % 10}`;
    assert.deepEqual(scanPersonalData(`身份证${wrong}，卡${badCard}`), []);
  });

  it('finds nothing in 文号, dates, 索引号, amounts, codes and landlines', () => {
    const text = [
      '根据国办发〔2017〕47号和豫政办〔2023〕12号文件',
      '2026年3月2日、2026-03-02、20260302、2026.03.02 15:30',
      '索引号 11419001005942312L-JC12-2026-0007，GK1A2B3C4D-FD01-2026-0123',
      '统一社会信用代码 91410100MA44XYZ12K，11410000005184375P',
      '资金13800000000元，共计¥15912345678，投资1,234,567.89元，增长13.5%',
      '办公电话 0391-6612345，传真 0391 6612346，邮编 454650',
      '时间戳 20260302153000123',
    ].join('\n');
    assert.deepEqual(scanPersonalData(text), []);
  });

  it('reads numbers split by invisible characters, which a page shows whole (found by fuzzing)', () => {
    for (const hidden of ['\u200b', '\ufeff', '\u00ad', '\u2060', '\u200c\u200d']) {
      const text = `电话139${hidden}1234${hidden}5678，身份证${ID.slice(0, 6)}${hidden}${ID.slice(6)}，卡号${CARD.slice(0, 4)} ${hidden}${CARD.slice(4)}`;
      assert.deepEqual(
        scanPersonalData(text).map((f) => f.kind),
        ['mobile', 'id_number', 'bank_card'],
        JSON.stringify(text),
      );
      const redacted = redactPersonalData(text);
      assert.deepEqual(scanPersonalData(redacted), [], JSON.stringify(redacted));
      assert.match(redacted.replace(/\p{Cf}/gu, ''), /139\*{4}5678/);
    }
  });

  it('redacts in place: same length, nothing left to find', () => {
    const text = `张三 ${ID}，138 1234 5678，${CARD}`;
    const redacted = redactPersonalData(text);
    assert.equal(redacted.length, text.length);
    assert.deepEqual(scanPersonalData(redacted), []);
    assert.ok(!redacted.includes(ID) && !redacted.includes(CARD));
    assert.match(redacted, /138 \*{4} 5678/);
  });

  it('redacts inside HTML, across inline tags, leaving the markup', () => {
    const html = `<p>电话 <b>138</b>1234 5678，身份证 <i>${ID.slice(0, 9)}</i>${ID.slice(9)}</p><p>正文</p>`;
    const { html: redacted, findings } = redactHtml(html);
    assert.equal(findings.length, 2);
    assert.match(redacted, /<b>138<\/b>\*{4} 5678/);
    assert.deepEqual(scanPersonalData(htmlToText(redacted)), []);
    assert.match(redacted, /<p>正文<\/p>/);
  });

  it('keys findings by field', () => {
    const found = scanFields({
      title: '13812345678',
      documentNumber: '',
      summary: '',
      keywords: '',
      body: `号${ID}`,
    });
    assert.deepEqual(
      found.map((f) => f.key),
      ['title:mobile:0', 'body:id_number:1'],
    );
  });

  // Property: numbers planted among ordinary text, 文号, dates, 索引号 and amounts are each found at
  // their exact place, nothing else is, and redaction leaves nothing to find.
  const digits = (n: number) =>
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
  const birth = fc
    .date({ min: new Date('1930-01-01'), max: new Date('2020-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''));
  const idNumber = fc
    .tuple(fc.integer({ min: 110000, max: 659999 }), birth, digits(3))
    .map(([r, b, s]) => residentId(`${r}${b}${s}`));
  const mobile = fc
    .tuple(fc.integer({ min: 3, max: 9 }), digits(9))
    .map(([second, rest]) => `1${second}${rest}`);
  const bankCard = fc
    .tuple(fc.constantFrom('62', '4', '5', '35', '9'), fc.integer({ min: 13, max: 19 }), digits(19))
    .map(([p, len, rest]) => card(`${p}${rest}`.slice(0, len - 1)))
    // The documented ambiguities: an 18-digit 5… or 9… number that is also a valid 统一社会信用代码,
    // and an 18-digit card number that is also a valid 身份证号 (found, as an 身份证号: about one card
    // in 2,000 of 62… with 18 digits, e.g. 620571190101295759).
    .filter((c) => !(/^[59]/.test(c) && isCreditCode(c)) && !isIdNumber(c));
  const planted = fc.oneof(
    idNumber.map((v) => ({ kind: 'id_number', value: v })),
    mobile.map((v) => ({ kind: 'mobile', value: v })),
    bankCard.map((v) => ({ kind: 'bank_card', value: v })),
  );
  const safe = fc.oneof(
    fc.constantFrom(
      '国办发〔2017〕47号',
      '济示管〔2026〕3号',
      '承留镇政府',
      '关于',
      '的通知',
      '，',
      '。',
      '：',
    ),
    fc
      .tuple(
        fc.integer({ min: 1990, max: 2030 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
      )
      .map(([y, m, d]) => `${y}年${m}月${d}日`),
    fc
      .tuple(
        fc.integer({ min: 1990, max: 2030 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
      )
      .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
    fc
      .tuple(fc.integer({ min: 2019, max: 2030 }), fc.integer({ min: 1, max: 9999 }))
      .map(([y, n]) => `11419001005942312L-JC12-${y}-${String(n).padStart(4, '0')}`),
    fc.integer({ min: 0, max: 99_999_999 }).map((n) => `${n}元`),
    fc.integer({ min: 1, max: 100_000 }).map((n) => `${(n / 100).toFixed(2)}万元`),
    fc.integer({ min: 1, max: 9999 }).map((n) => `第${n}条`),
  );
  const SEPARATOR = '，';

  it('property: planted numbers found exactly, no false positives, redaction complete', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            safe.map((s) => ({ safe: s })),
            planted.map((p) => ({ planted: p })),
          ),
          { maxLength: 30 },
        ),
        (parts) => {
          let text = '';
          const expected: { kind: string; start: number; end: number }[] = [];
          for (const part of parts) {
            if ('safe' in part) text += part.safe;
            else {
              const start = text.length;
              text += part.planted.value;
              expected.push({ kind: part.planted.kind, start, end: text.length });
            }
            text += SEPARATOR;
          }
          const found = scanPersonalData(text).map((f) => ({ kind: f.kind, start: f.start, end: f.end }));
          assert.deepEqual(found, expected);
          assert.deepEqual(scanPersonalData(redactPersonalData(text)), []);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
