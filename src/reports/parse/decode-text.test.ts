import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { declaredCharset, decodeText } from './decode-text.ts';

const ascii = (text: string): number[] => [...Buffer.from(text, 'latin1')];
const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? ascii(part) : part)));

/** 政府信息公开 in GB2312 (as `iconv -t gb2312` writes it). */
const GB_ZHENGFU = [0xd5, 0xfe, 0xb8, 0xae, 0xd0, 0xc5, 0xcf, 0xa2, 0xb9, 0xab, 0xbf, 0xaa];
/** 𠀀 (U+20000): outside GBK, four bytes in GB18030. */
const GB18030_EXT_B = [0x95, 0x32, 0x82, 0x36];

describe('decodeText', () => {
  it('decodes plain UTF-8', () => {
    assert.equal(decodeText(new TextEncoder().encode('年度报告 2022')), '年度报告 2022');
  });

  it('honours and strips a UTF-8 BOM', () => {
    assert.equal(decodeText(bytes([0xef, 0xbb, 0xbf], [...new TextEncoder().encode('公开')])), '公开');
  });

  it('honours UTF-16 byte-order marks', () => {
    assert.equal(decodeText(bytes([0xff, 0xfe], [0x6c, 0x51, 0x00, 0x5f])), '公开');
    assert.equal(decodeText(bytes([0xfe, 0xff], [0x51, 0x6c, 0x5f, 0x00])), '公开');
  });

  it('decodes GB2312 declared with <meta http-equiv> as GB18030', () => {
    const html = bytes(
      '<html><head><meta http-equiv=Content-Type content="text/html; charset=gb2312">',
      GB_ZHENGFU,
    );
    assert.equal(
      decodeText(html),
      '<html><head><meta http-equiv=Content-Type content="text/html; charset=gb2312">政府信息公开',
    );
  });

  it('decodes GBK declared with <meta charset>', () => {
    assert.equal(
      decodeText(bytes('<meta charset="GBK"><p>', GB_ZHENGFU, GB18030_EXT_B)),
      '<meta charset="GBK"><p>政府信息公开𠀀',
    );
  });

  it('falls back to GB18030 when there is no declaration and the bytes are not UTF-8', () => {
    assert.equal(decodeText(bytes(GB_ZHENGFU)), '政府信息公开');
  });

  it('prefers valid UTF-8 over a stale GB2312 declaration (pages re-saved by scrapers)', () => {
    const html = `<meta charset="gb2312"><p>政府信息公开</p>`;
    assert.equal(decodeText(new TextEncoder().encode(html)), html);
  });

  it('uses GB18030 when a UTF-8 declaration is wrong', () => {
    assert.equal(
      decodeText(bytes('<meta charset="utf-8">', GB_ZHENGFU)),
      '<meta charset="utf-8">政府信息公开',
    );
  });

  it('honours other declared encodings', () => {
    assert.equal(
      decodeText(bytes('<meta charset="windows-1252">caf', [0xe9])),
      '<meta charset="windows-1252">café',
    );
  });

  it('ignores an unknown declared label', () => {
    assert.equal(
      decodeText(bytes('<meta charset="x-bogus">', GB_ZHENGFU)),
      '<meta charset="x-bogus">政府信息公开',
    );
  });

  it('ignores a declaration beyond the first 2048 bytes', () => {
    const padding = ' '.repeat(2048);
    const decoded = decodeText(bytes(padding, '<meta charset="windows-1252">', GB_ZHENGFU));
    assert.ok(decoded.endsWith('政府信息公开'));
  });

  it('returns an empty string for no bytes and never throws on random bytes', () => {
    assert.equal(decodeText(new Uint8Array()), '');
    for (let seed = 1; seed <= 20; seed++) {
      const random = Uint8Array.from({ length: 512 }, (_, i) => (i * 7919 * seed + seed * 104729) % 256);
      assert.equal(typeof decodeText(random), 'string');
    }
  });

  it('decodes the GB2312 Word export fixture', () => {
    const text = decodeText(
      readFileSync(new URL('../../../test/fixtures/sources/word-export-gb2312.html', import.meta.url)),
    );
    assert.match(text, /<title>承留镇人民政府2022年政府信息公开工作年度报告<\/title>/);
    assert.match(text, /危及“三安全一稳定”/);
  });
});

describe('declaredCharset', () => {
  it('reads <meta charset>, <meta http-equiv> and <?xml encoding?>', () => {
    assert.equal(declaredCharset(bytes('<meta charset=utf-8>')), 'utf-8');
    assert.equal(
      declaredCharset(bytes("<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=GB2312'>")),
      'gb18030',
    );
    assert.equal(declaredCharset(bytes('<?xml version="1.0" encoding="gbk"?>')), 'gb18030');
    assert.equal(declaredCharset(bytes('<meta charset="big5">')), 'big5');
    assert.equal(declaredCharset(bytes('<html><p>charset=gbk</p>')), undefined);
  });
});
