import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inflateRawSync } from 'node:zlib';
import mammoth from 'mammoth';
import { outcome } from '../outcomes.ts';
import { BASE, replyData, sampleData } from './fixture.test.ts';
import { composeLetter, type LetterData, letterText } from './letter.ts';
import { DEFAULT_TEMPLATES, LETTER_KIND_LABELS, LETTER_KINDS } from './letter-templates.ts';
import { renderLetterDocx } from './render-letter-docx.ts';
import { renderLetterHtml } from './render-letter-html.tsx';

/** One file of a zip, read through its central directory (enough for the files docx writes). */
function zipEntry(zip: Buffer, name: string): string {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(end + 16);
  for (let i = zip.readUInt16LE(end + 10); i > 0; i--) {
    const nameLength = zip.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const local = zip.readUInt32LE(at + 42);
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + zip.readUInt32LE(at + 20));
      return (zip.readUInt16LE(at + 10) === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    at = next;
  }
  throw new Error(`no ${name} in the zip`);
}

const compose = (data: LetterData) => composeLetter(DEFAULT_TEMPLATES[data.kind], data);
const HOSTILE = '<script>alert("x")</script>';

describe('renderLetterHtml', () => {
  it('is one <article> labelled by its heading, with the 文号, paragraphs, <ol> lists and the 落款', () => {
    const html = renderLetterHtml(compose(sampleData('supplement_notice')), { id: 'l1' });
    assert.match(html, /^<article class="letter letter-supplement_notice" aria-labelledby="l1">/);
    assert.ok(html.endsWith('</article>'));
    assert.ok(html.includes(`<h2 id="l1" class="letter-title">${LETTER_KIND_LABELS.supplement_notice}</h2>`));
    assert.ok(html.includes('<p class="letter-number">承政公开〔2026〕3号</p>'));
    assert.ok(html.includes('<p class="letter-salutation">张三：</p>'));
    assert.ok(
      html.includes(
        '<ol class="letter-items"><li>所需信息的具体年份</li><li>所需信息涉及的村（社区）名称</li></ol>',
      ),
    );
    assert.ok(html.includes('<time datetime="2026-12-10">2026年12月10日</time>'));
    assert.match(
      renderLetterHtml(compose(sampleData('reply')), { headingLevel: 3 }),
      /<h3 id="letter-title"/,
    );
  });

  it('renders every kind with all its text', () => {
    for (const kind of LETTER_KINDS) {
      const letter = compose(sampleData(kind));
      const html = renderLetterHtml(letter);
      const visible = html
        .replace(/<[^>]+>/g, '\n')
        .split('\n')
        .filter(Boolean);
      for (const line of letterText(letter).split('\n')) {
        const words = line.replace(/^\d+．/, '');
        assert.ok(visible.includes(words), `${kind}: ${words}`);
      }
    }
  });

  it('escapes markup in the applicant name, the description and the items', () => {
    for (const kind of LETTER_KINDS) {
      const data = { ...sampleData(kind, { ...BASE, applicantName: HOSTILE, description: HOSTILE }) };
      if (data.kind === 'supplement_notice') data.supplementItems = [HOSTILE];
      if (data.kind === 'consultation_letter') data.recipientName = HOSTILE;
      const html = renderLetterHtml(compose(data));
      assert.ok(!html.includes('<script'), kind);
      // kitajs escapes < & " (and ' ), which is enough inside elements and quoted attributes.
      const escaped = '&lt;script>alert(&#34;x&#34;)&lt;/script>';
      assert.ok(html.split(escaped).length - 1 >= 2, kind);
    }
  });
});

describe('renderLetterDocx', () => {
  it('writes a real .docx that reads back with the title, 文号, legal basis and 落款', async () => {
    const letter = compose(replyData('denied4'));
    const buffer = await renderLetterDocx(letter);
    assert.equal(buffer.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004');
    const { value, messages } = await mammoth.extractRawText({ buffer });
    assert.deepEqual(messages, []);
    const lines = value.split('\n').filter((l) => l.trim() !== '');
    assert.equal(lines[0], '政府信息公开申请答复告知书');
    assert.equal(lines[1], '承政公开〔2026〕3号');
    assert.ok(lines.includes(outcome('denied4').basis));
    assert.deepEqual(lines.slice(-2), ['承留镇人民政府', '2026年12月10日']);
    assert.deepEqual(lines, letterText(letter).split('\n'));
  });

  it('sets A4, the 仿宋 body font, the 宋体 title, centred title and right-aligned 落款', async () => {
    const buffer = await renderLetterDocx(compose(sampleData('fee_notice')));
    const documentXml = zipEntry(buffer, 'word/document.xml');
    const stylesXml = zipEntry(buffer, 'word/styles.xml');
    assert.match(documentXml, /<w:pgSz w:w="11906" w:h="16838"/);
    assert.match(stylesXml, /w:eastAsia="仿宋"/);
    assert.match(documentXml, /w:eastAsia="宋体"/);
    assert.match(documentXml, /<w:jc w:val="center"\/>.*政府信息公开信息处理费收费通知/s);
    assert.match(documentXml, /<w:jc w:val="right"\/>(?:(?!<w:p>).)*2026年12月10日/s);
  });

  it('keeps markup in the text as text', async () => {
    const buffer = await renderLetterDocx(compose(sampleData('reply', { ...BASE, applicantName: HOSTILE })));
    const { value } = await mammoth.extractRawText({ buffer });
    assert.ok(value.includes(`${HOSTILE}：`));
  });
});
