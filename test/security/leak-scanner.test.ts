// The leak scanner finds each kind of personal data however a public output writes it, and does
// not flag what is published on purpose or what is not personal (dates, 索引号, credit codes, money).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { maskNumber } from '../../src/disclosures/personal-data.ts';
import { controlOf, linksOf, zipEntries } from './leak-crawl.ts';
import { canariesOf, person, textDocx } from './leak-people.ts';
import { type Canary, decodeEntities, type Leak, scanForLeaks } from './leak-scanner.ts';

const p = person(42);
const kinds = (leaks: Leak[]) => leaks.map((l) => l.kind).sort();
const entities = (s: string) => [...s].map((c) => `&#${c.codePointAt(0)};`).join('');
const hexEntities = (s: string) => [...s].map((c) => `&#x${c.codePointAt(0)!.toString(16)};`).join('');
const jsonEscaped = (s: string) =>
  [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));

describe('leak scanner', () => {
  it('finds a 身份证号, a mobile, a bank card and an e-mail in plain text, masked', () => {
    const leaks = scanForLeaks(`身份证${p.idNumber}，电话${p.mobile}，卡号${p.bankCard}，邮箱${p.email}`);
    assert.deepEqual(kinds(leaks), ['bank_card', 'email', 'id_number', 'mobile']);
    const printed = leaks.map((l) => l.masked).join(' ');
    for (const value of [p.idNumber, p.mobile, p.bankCard, p.email]) assert.ok(!printed.includes(value));
    assert.ok(printed.includes(maskNumber('mobile', p.mobile)));
  });

  it('reads numbers through HTML character references, JSON escapes, percent-encoding and full-width digits', () => {
    for (const written of [
      entities(p.mobile),
      hexEntities(p.idNumber),
      `&amp;#${p.mobile.charCodeAt(0)};${p.mobile.slice(1)}`,
      jsonEscaped(p.bankCard),
      `{"phone":"${jsonEscaped(p.mobile)}"}`,
      `/search?q=${encodeURIComponent(`手机${p.mobile}`)}`,
      `filename*=UTF-8''${encodeURIComponent(`名单${p.idNumber}.pdf`)}`,
      fullWidth(p.idNumber),
      `<mark>${p.mobile.slice(0, 3)}</mark>${p.mobile.slice(3)}`,
      `${p.mobile.slice(0, 3)} ${p.mobile.slice(3, 7)} ${p.mobile.slice(7)}`,
    ]) {
      assert.ok(scanForLeaks(`<p>${written}</p>`).length > 0, written);
    }
    assert.deepEqual(kinds(scanForLeaks(`邮箱${entities(p.email)}`)), ['email']);
    assert.deepEqual(kinds(scanForLeaks(`mail: ${p.email.replace('@', '%40')}`)), ['email']);
    assert.equal(decodeEntities('&amp;lt;'), '<');
  });

  it('leaves alone what is not personal: dates, 索引号, 文号, money, credit codes, masked numbers', () => {
    const text = [
      '发布日期：2026-03-02 10:00',
      '索引号：11419001005942320F/2026-00012',
      '济示政〔2026〕12号',
      '统一社会信用代码 11419001005942320F',
      '金额：￥6222021000000000421元',
      `已隐藏：${maskNumber('mobile', p.mobile)} ${maskNumber('id_number', p.idNumber)}`,
      '访问量 123456',
    ].join('\n');
    assert.deepEqual(scanForLeaks(text), []);
  });

  it('does not read record ids or hex digests as numbers, but still finds planted values in them', () => {
    const url = '/agencies/5d078f65-ea1c-4cec-9310-3f16297c11d1/items/d365a583-a222-4199-b296-b14117589209';
    assert.deepEqual(scanForLeaks(`<a href="${url}">x</a> /static/site-e4ce5b88477145678901.css`), []);
    assert.deepEqual(kinds(scanForLeaks(`${url} 电话${p.mobile}`)), ['mobile']);
    const glued = `/files/${p.mobile}abcdef0123`;
    assert.ok(scanForLeaks(glued, { canaries: canariesOf(p) }).some((l) => l.label === 'p42 手机'));
  });

  it('allows the agencies’ published e-mail and numbers, and nothing else like them', () => {
    const text = '联系邮箱 gongkai@sili.example.gov.cn，电话 13903916611、0391-6611234';
    assert.deepEqual(
      scanForLeaks(text, { allowedEmails: ['GongKai@sili.example.gov.cn'], allowedNumbers: ['13903916611'] }),
      [],
    );
    assert.deepEqual(kinds(scanForLeaks(text)), ['email', 'mobile']);
    assert.deepEqual(
      kinds(
        scanForLeaks(`${text} 另 someone@qq.example.com`, { allowedEmails: ['gongkai@sili.example.gov.cn'] }),
      ),
      ['email', 'mobile'],
    );
  });

  it('finds planted values glued, split by markup or spread over a table, and only those', () => {
    const canaries = canariesOf(p);
    const glued = `ab${p.mobile}cd<td>${p.name.slice(0, 1)}<b>${p.name.slice(1)}</b></td>`;
    const labels = scanForLeaks(glued, { canaries }).map((l) => l.label);
    assert.ok(labels.includes('p42 手机'), 'a mobile glued to letters is still the planted one');
    assert.ok(labels.includes('p42 姓名'), 'a name split by markup is still found');
    const other = person(43);
    assert.deepEqual(
      scanForLeaks(sentenceOfOther(other), { canaries }).filter((l) => l.kind === 'planted'),
      [],
    );
  });

  it('lets an owner see their own name and writing, never their numbers', () => {
    const canaries = canariesOf(p, true);
    const page = `申请人：${p.name}；内容：${p.marker}；手机 ${p.mobile}`;
    const asOwner = scanForLeaks(page, { canaries, owner: p.key }).filter((l) => l.kind === 'planted');
    assert.deepEqual(
      asOwner.map((l) => l.label),
      ['p42 手机'],
    );
    assert.equal(
      scanForLeaks(page, { canaries, owner: 'someone-else' }).filter((l) => l.kind === 'planted').length,
      3,
    );
  });

  it('discounts the echo of a typed value, and finds it when the page shows it once more', () => {
    const canaries: Canary[] = canariesOf(p);
    const control = controlOf(p.mobile);
    assert.notEqual(control, p.mobile);
    assert.equal(control.length, p.mobile.length);
    const page = (q: string, result = '') =>
      `<input name="q" value="${q}"><title>搜索：${q}</title>${result}`;
    const echo = { value: p.mobile, control, controlText: page(control) };
    assert.deepEqual(scanForLeaks(page(p.mobile), { canaries, echo }), []);
    const leaked = scanForLeaks(page(p.mobile, `<p>结果：${p.mobile}</p>`), { canaries, echo });
    assert.ok(leaked.some((l) => l.label === 'p42 手机'));
  });

  it('any valid 身份证号 or bank card written anywhere in text is found (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), fc.string({ maxLength: 20 }), (n, noise) => {
        const someone = person(n);
        const clean = noise.replace(/[0-9A-Za-z０-９]/g, '');
        const text = `${clean}：${someone.idNumber}；${clean}卡${someone.bankCard}`;
        const found = kinds(scanForLeaks(text));
        return found.includes('id_number') && found.includes('bank_card');
      }),
    );
  });

  it('reads the XML parts of an Office file and the links of pages and feeds', async () => {
    const docx = await textDocx([`名单：${p.idNumber}`]);
    const parts = zipEntries(docx);
    const documentXml = parts.get('word/document.xml')?.toString('utf8') ?? '';
    assert.ok(documentXml.includes(p.idNumber));
    assert.deepEqual(
      linksOf(
        '<a href="/agencies/x?a=1&amp;b=2#top">x</a><loc>https://gk.example/sitemap.xml?page=2</loc><link>https://other.example/</link>',
        'https://gk.example',
      ),
      ['/agencies/x?a=1&b=2', '/sitemap.xml?page=2'],
    );
  });
});

function sentenceOfOther(o: ReturnType<typeof person>): string {
  return `${o.name} ${o.idNumber} ${o.mobile} ${o.bankCard} ${o.email} ${o.address} ${o.marker}`;
}
