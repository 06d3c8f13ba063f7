import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import QRCode from 'qrcode';
import { MAX_QR_TEXT_BYTES, QrTextError, qrModules, qrSvg } from './qr.ts';

/** The dark modules an SVG from qrSvg draws, read back from its path (quiet zone removed). */
function modulesOfSvg(svg: string): boolean[][] {
  const viewBox = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  assert.ok(viewBox, 'a viewBox');
  const size = Number(viewBox[1]) - 8;
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  const d = /<path fill="#000" d="([^"]*)"/.exec(svg)?.[1] ?? '';
  for (const [, x, y, w] of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    const row = grid[Number(y) - 4];
    assert.ok(row, `row ${y} inside the symbol`);
    for (let i = 0; i < Number(w); i++) row[Number(x) - 4 + i] = true;
  }
  return grid;
}

function referenceModules(text: string, level: 'L' | 'M'): boolean[][] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: level });
  return Array.from({ length: modules.size }, (_, r) =>
    Array.from({ length: modules.size }, (_, c) => Boolean(modules.get(r, c))),
  );
}

test('the SVG draws exactly the module matrix of the text at error correction M', () => {
  const url = 'https://gk.jiyuan.gov.cn/agencies/12/services/windows/3?from=qr';
  const svg = qrSvg(url);
  assert.deepEqual(modulesOfSvg(svg), referenceModules(url, 'M'));
  assert.notDeepEqual(modulesOfSvg(svg), referenceModules(url, 'L'));
  assert.notDeepEqual(modulesOfSvg(svg), referenceModules(`${url}x`, 'M'));
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(
    svg,
    /<title>二维码：https:\/\/gk\.jiyuan\.gov\.cn\/agencies\/12\/services\/windows\/3\?from=qr<\/title>/,
  );
});

test('any text up to the limit round-trips through the drawn path', () => {
  fc.assert(
    fc.property(fc.string({ minLength: 1, maxLength: 120, unit: 'grapheme' }), (text) => {
      assert.deepEqual(modulesOfSvg(qrSvg(text)), qrModules(text));
      assert.deepEqual(qrModules(text), referenceModules(text, 'M'));
    }),
    { numRuns: 40 },
  );
});

test('the title is escaped and can be given', () => {
  const svg = qrSvg('https://x.example/a?b=1&c=<2>', '“综合窗口”<b>');
  assert.match(svg, /<title>“综合窗口”&#60;b&#62;<\/title>/);
  assert.doesNotMatch(svg, /<b>/);
  assert.match(qrSvg('a&b'), /aria-label="二维码：a&#38;b"/);
});

test('empty and over-long text are refused with a clear error', () => {
  assert.throws(() => qrSvg(''), QrTextError);
  const longest = 'a'.repeat(MAX_QR_TEXT_BYTES);
  assert.ok(qrSvg(longest).length > 0);
  assert.throws(
    () => qrSvg(`${longest}a`),
    (error: unknown) => {
      assert.ok(error instanceof QrTextError);
      assert.match(error.message, /二维码内容过长：1025 字节，最多 1024 字节/);
      return true;
    },
  );
  // Multi-byte characters count by their UTF-8 length.
  assert.throws(() => qrSvg('窗'.repeat(342)), QrTextError);
  assert.ok(qrSvg('窗'.repeat(341)).length > 0);
});
