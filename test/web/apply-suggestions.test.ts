// Search-as-you-type on the 依申请公开 form (both engines): the suggestions endpoint answers the
// agency's published items as text segments (never HTML), masks personal numbers, refuses villages
// and unknown agencies like any missing page, and only the form page may load our script.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAgency, systemActor } from '../../src/agencies/index.ts';
import { residentId } from '../../src/applications/testing.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import {
  approve,
  CHECKLIST_IDS,
  createDraft,
  getItem,
  publish,
  signReview,
  submitForReview,
} from '../../src/disclosures/index.ts';
import type { ContentInput } from '../../src/disclosures/item-rules.ts';
import { content, staff } from '../../src/disclosures/testing.ts';
import { markedSegments, type TextSegment } from '../../src/web/portal/apply-suggestions.ts';
import { createWebFixture, type WebFixture } from '../../src/web/testing.ts';

describe('markedSegments', () => {
  it('turns escaped text with <mark> into plain segments, entities decoded', () => {
    assert.deepEqual(markedSegments('a&lt;b&gt; <mark>秸秆</mark>&amp;&quot;&#39;<mark>x</mark>'), [
      { text: 'a<b> ', mark: false },
      { text: '秸秆', mark: true },
      { text: '&"\'', mark: false },
      { text: 'x', mark: true },
    ]);
  });
  it('keeps any other markup as literal text', () => {
    assert.deepEqual(markedSegments('<b>x</b>'), [{ text: '<b>x</b>', mark: false }]);
  });
});

interface Match {
  url: string;
  publishedOn: string;
  title: TextSegment[];
  snippet: TextSegment[];
}
const text = (segments: TextSegment[]) => segments.map((s) => s.text).join('');

for (const engine of ENGINES) {
  describe(`search-as-you-type on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    let itemId: string;
    let villageId: string;
    const id = residentId('41088119800101123');

    async function published(input: Partial<ContentInput>): Promise<string> {
      const n = Math.random().toString(36).slice(2, 8);
      const editor = await staff(f.ctx, f.chengliu.id, `sg.editor.${n}`, ['editor']);
      const reviewer = await staff(f.ctx, f.chengliu.id, `sg.reviewer.${n}`, ['reviewer']);
      const approver = await staff(f.ctx, f.chengliu.id, `sg.approver.${n}`, ['approver']);
      const draft = await createDraft(f.ctx, editor, { agencyId: f.chengliu.id, content: content(input) });
      await submitForReview(f.ctx, editor, draft.itemId);
      const { findings } = await getItem(f.ctx, reviewer, draft.itemId);
      await signReview(f.ctx, reviewer, draft.itemId, {
        checklist: CHECKLIST_IDS,
        justifications: findings.map((finding) => ({ key: finding.key, reason: '公示对象依法应公开' })),
      });
      await approve(f.ctx, approver, draft.itemId);
      await publish(f.ctx, approver, draft.itemId);
      return draft.itemId;
    }

    before(async () => {
      f = await createWebFixture(engine);
      itemId = await published({
        title: '承留镇"秸秆"禁烧&综合利用方案（1<2>0）',
        bodyHtml: `<p>秸秆禁烧联系人身份证号${id}。</p>`,
      });
      const village = await createAgency(f.ctx, systemActor('suggestions-test'), {
        parentId: f.chengliu.id,
        kind: 'village',
        name: '南桥村',
      });
      villageId = village.id;
    });
    after(async () => f?.close());

    const suggest = (agencyId: string, q: string, extra = '') =>
      f.app.inject({
        method: 'GET',
        url: `/agencies/${agencyId}/apply/suggestions?q=${encodeURIComponent(q)}${extra}`,
      });

    it('answers the published items that match, as text segments with the matches flagged', async () => {
      const response = await suggest(f.chengliu.id, '想要秸秆禁烧方案');
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /application\/json/);
      assert.equal(response.headers['cache-control'], 'no-store');
      const { matches } = response.json() as { matches: Match[] };
      assert.equal(matches.length, 1);
      const [match] = matches as [Match];
      assert.equal(match.url, `/agencies/${f.chengliu.id}/items/${itemId}`);
      // The title comes back as the text it is: markup characters are text, not tags or entities.
      assert.equal(text(match.title), '承留镇"秸秆"禁烧&综合利用方案（1<2>0）');
      assert.ok(match.title.some((s) => s.mark && s.text === '秸秆'));
      // A justified identity number is published, but a snippet never shows it in full.
      assert.ok(!response.body.includes(id), 'the full 身份证号 in a suggestion');
    });

    it('finds by 文号, and answers nothing for one character or for what matches nothing', async () => {
      const byNumber = await suggest(
        f.chengliu.id,
        '',
        `&documentNumber=${encodeURIComponent('承政〔2026〕5号')}`,
      );
      assert.equal((byNumber.json() as { matches: Match[] }).matches.length, 1);
      assert.deepEqual((await suggest(f.chengliu.id, '秸')).json(), { matches: [] });
      assert.deepEqual((await suggest(f.chengliu.id, '龘龘龘')).json(), { matches: [] });
      // Another agency's items are not its suggestions.
      assert.deepEqual((await suggest(f.sili.id, '秸秆禁烧方案')).json(), { matches: [] });
    });

    it('is the common 404 for a village (条例第二十七条) and an unknown agency; 400 for an oversized query', async () => {
      assert.equal((await suggest(villageId, '秸秆禁烧')).statusCode, 404);
      assert.equal((await suggest('no-such-agency', '秸秆禁烧')).statusCode, 404);
      const long = await suggest(f.chengliu.id, '秸'.repeat(501));
      assert.equal(long.statusCode, 400);
    });

    it('lets only the application form load our script, and never inline code', async () => {
      const form = await f.app.inject({ method: 'GET', url: `/agencies/${f.chengliu.id}/apply` });
      const csp = String(form.headers['content-security-policy']);
      assert.match(csp, /script-src 'self'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      const src = /<script src="(\/static\/apply-suggest-[0-9a-f]{12}\.js)" defer><\/script>/.exec(
        form.body,
      )?.[1];
      assert.ok(src, 'the form loads the script');
      assert.match(form.body, /data-suggest-url="\/agencies\/[^"]+\/apply\/suggestions"/);
      const script = await f.app.inject({ method: 'GET', url: src });
      assert.equal(script.statusCode, 200);
      assert.match(String(script.headers['content-type']), /text\/javascript/);
      assert.match(script.body, /textContent/);
      const item = await f.app.inject({ method: 'GET', url: `/agencies/${f.chengliu.id}/items/${itemId}` });
      assert.match(String(item.headers['content-security-policy']), /script-src 'none'/);
    });
  });
}
