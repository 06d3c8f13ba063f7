import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Document, Packer, Paragraph } from 'docx';
import { DOCUMENT_ZIP_LIMITS, declaredUnzippedSize, ZipRefused } from './zip-directory.ts';
import { declaringHugeUnzippedSize } from './zip-testing.ts';

const docx = async () =>
  new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('正文')] }] })));

describe('declaredUnzippedSize', () => {
  it('adds up what the central directory declares, within the limits', async () => {
    const bytes = await docx();
    const size = declaredUnzippedSize(bytes, DOCUMENT_ZIP_LIMITS);
    assert.ok(size > bytes.length, `${size} unpacked from ${bytes.length}`);
  });

  it('refuses a ZIP declaring more than allowed as too large, and a broken one as not sound', async () => {
    const bytes = await docx();
    const tooLarge = (f: () => unknown, expected: boolean) =>
      assert.throws(f, (e: unknown) => e instanceof ZipRefused && e.tooLarge === expected);
    tooLarge(() => declaredUnzippedSize(declaringHugeUnzippedSize(bytes), DOCUMENT_ZIP_LIMITS), true);
    tooLarge(() => declaredUnzippedSize(bytes, { maxUnzippedBytes: 100, maxEntries: 100 }), true);
    tooLarge(() => declaredUnzippedSize(bytes, { maxUnzippedBytes: 1e9, maxEntries: 1 }), false);
    tooLarge(() => declaredUnzippedSize(bytes.subarray(0, 200), DOCUMENT_ZIP_LIMITS), false);
    tooLarge(() => declaredUnzippedSize(new TextEncoder().encode('不是ZIP'), DOCUMENT_ZIP_LIMITS), false);
  });
});
