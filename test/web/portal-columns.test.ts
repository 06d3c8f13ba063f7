// The standard columns of an agency's 政府信息公开 home on both engines: the 公开指南 built from
// the agency's settings (未设置 for what is missing, the fee tariff, the parent for 投诉举报, no
// 依申请公开 for a village), 法定主动公开内容 counts equal to the published items, the 年度报告
// column, the agency home linking every column; and the 大字版 switch: a cookie, a class on <html>,
// a page cache that never serves one mode's page to the other, a return path that stays on the site.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Agency, createAgency, systemActor, updateAgency } from '../../src/agencies/index.ts';
import { submitOnlineApplication } from '../../src/applications/index.ts';
import { intake } from '../../src/applications/testing.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import {
  approve,
  CHECKLIST_IDS,
  createDraft,
  listPublishedItems,
  publish,
  saveCategory,
  signReview,
  submitForReview,
  withdraw,
} from '../../src/disclosures/index.ts';
import type { ContentInput } from '../../src/disclosures/item-rules.ts';
import { content, staff } from '../../src/disclosures/testing.ts';
import { Browser, createWebFixture, unescapeHtml, type WebFixture } from '../../src/web/testing.ts';

const SYSTEM = systemActor('portal-columns-test');

/** The text of a page without its tags, entities decoded. */
const textOf = (html: string) => unescapeHtml(html.replace(/<[^>]+>/g, ''));

for (const engine of ENGINES) {
  describe(`portal columns on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    let village: Agency;
    let n = 0;

    before(async () => {
      f = await createWebFixture(engine);
      village = await createAgency(f.ctx, SYSTEM, {
        parentId: f.chengliu.id,
        kind: 'village',
        name: '南山村',
      });
      await updateAgency(f.ctx, SYSTEM, {
        agencyId: f.chengliu.id,
        settings: {
          contact: {
            office: '承留镇党政综合办公室',
            address: '济源市承留镇承留大街1号',
            phone: '0391-6611234',
            hours: '工作日 8:30—12:00，14:30—17:30',
          },
        },
      });
    });
    after(async () => f?.close());

    async function published(agencyId: string, input: Partial<ContentInput> = {}): Promise<string> {
      const i = ++n;
      const editor = await staff(f.ctx, agencyId, `pc.editor.${i}`, ['editor']);
      const reviewer = await staff(f.ctx, agencyId, `pc.reviewer.${i}`, ['reviewer']);
      const approver = await staff(f.ctx, agencyId, `pc.approver.${i}`, ['approver']);
      const { itemId } = await createDraft(f.ctx, editor, { agencyId, content: content(input) });
      await submitForReview(f.ctx, editor, itemId);
      await signReview(f.ctx, reviewer, itemId, { checklist: CHECKLIST_IDS });
      await approve(f.ctx, approver, itemId);
      await publish(f.ctx, approver, itemId);
      return itemId;
    }

    const get = (url: string) => new Browser(f.app).get(url);

    it('builds the 公开指南 from the agency settings, with 未设置 for what is missing', async () => {
      const response = await get(`/agencies/${f.chengliu.id}/guide`);
      assert.equal(response.statusCode, 200);
      const text = textOf(response.body);
      assert.match(text, /承留镇政府信息公开指南/);
      assert.match(text, /办公地址济源市承留镇承留大街1号/);
      assert.match(text, /联系电话0391-6611234/);
      assert.match(text, /办公时间工作日 8:30—12:00，14:30—17:30/);
      // Not set: 传真, 电子邮箱, 邮政编码 read 未设置, never an empty field.
      assert.match(text, /传真号码未设置/);
      assert.match(text, /电子邮箱未设置/);
      assert.match(text, /邮政编码未设置/);
      assert.doesNotMatch(response.body, /<dd[^>]*>\s*<\/dd>/);
      // 依申请公开 with the online form, the 20+20 working days and the fee tariff.
      assert.match(text, /依申请公开/);
      assert.ok(response.body.includes(`href="/agencies/${f.chengliu.id}/apply"`));
      assert.match(text, /自收到申请之日起20个工作日内予以答复/);
      assert.match(text, /按件计收：同一申请人一个自然月内累计申请10件以下（含10件）的，不收费/);
      assert.match(text, /国办函〔2020〕109号/);
      // 投诉、举报 to the parent agency.
      assert.match(text, /上一级行政机关（济源产城融合示范区）/);
      // The guide follows the settings (the cache forgets a page when an agency changes).
      await updateAgency(f.ctx, SYSTEM, {
        agencyId: f.chengliu.id,
        settings: { contact: { fax: '0391-6611235' } },
      });
      assert.match(textOf((await get(`/agencies/${f.chengliu.id}/guide`)).body), /传真号码0391-6611235/);
    });

    it('gives a village no 依申请公开 section, and every contact detail 未设置', async () => {
      const response = await get(`/agencies/${village.id}/guide`);
      assert.equal(response.statusCode, 200);
      const text = textOf(response.body);
      assert.doesNotMatch(text, /依申请公开/);
      assert.doesNotMatch(response.body, /\/apply"/);
      assert.match(text, /第二十七条/);
      assert.match(text, /办公地址未设置/);
      assert.match(text, /上一级行政机关（承留镇）/);
    });

    it('counts the published items of each statutory category, withdrawn ones excluded', async () => {
      const fd07 = { categoryCode: 'FD07', title: '思礼镇2026年财政预算公开' };
      await published(f.sili.id, fd07);
      const withdrawn = await published(f.sili.id, { ...fd07, title: '思礼镇2025年财政决算公开' });
      await published(f.sili.id, { categoryCode: 'FZ04', title: '思礼镇宅基地使用审核结果公示' });
      await withdraw(f.ctx, await staff(f.ctx, f.sili.id, 'pc.withdrawer', ['approver']), withdrawn, {
        reason: '内容有误',
      });
      const response = await get(`/agencies/${f.sili.id}/statutory`);
      assert.equal(response.statusCode, 200);
      const rows = [
        ...response.body.matchAll(/category=(FD\d\d|FZ\d\d|FX\d\d)"[\s\S]*?<td class="number">(\d+)条/g),
      ];
      const shown = new Map(rows.map((m) => [m[1]!, Number(m[2])]));
      assert.equal(shown.size, 15 + 8, 'the 15 items of 第二十条 and the 8 of 第二十一条 for a town');
      for (const code of ['FD01', 'FD07', 'FZ04', 'FZ01']) {
        const list = await listPublishedItems(f.ctx, { agencyId: f.sili.id, categoryCode: code });
        assert.equal(shown.get(code), list.total, code);
      }
      assert.equal(shown.get('FD07'), 1);
      assert.equal(shown.get('FZ04'), 1);
      assert.match(textOf(response.body), /条例第二十一条/);
      // The 规范性文件 register is linked under 第二十条第（一）项 exactly when its route exists.
      const register = f.app.hasRoute({ method: 'GET', url: '/agencies/:id/normative' });
      assert.equal(response.body.includes(`href="/agencies/${f.sili.id}/normative"`), register);
    });

    it('lists a published 年度报告 in the annual-reports column, newest year first', async () => {
      const older = await published(f.chengliu.id, {
        categoryCode: 'FD15',
        title: '承留镇2024年政府信息公开工作年度报告',
      });
      const newer = await published(f.chengliu.id, {
        categoryCode: 'FD15',
        title: '承留镇2025年政府信息公开工作年度报告',
      });
      await published(f.chengliu.id, { categoryCode: 'FD15', title: '承留镇2025年工作总结' });
      const body = (await get(`/agencies/${f.chengliu.id}/annual-reports`)).body;
      const at = (id: string) => body.indexOf(`/agencies/${f.chengliu.id}/items/${id}"`);
      assert.ok(at(newer) > 0 && at(older) > 0, 'both reports linked');
      assert.ok(at(newer) < at(older), '2025 before 2024');
      assert.doesNotMatch(body, /工作总结/);
    });

    it('lists the national rules and the agency’s own 公开制度 category', async () => {
      const before = textOf((await get(`/agencies/${f.chengliu.id}/rules`)).body);
      assert.match(before, /《中华人民共和国政府信息公开条例》/);
      assert.match(before, /尚未设立/);
      const category = await saveCategory(f.ctx, SYSTEM, {
        agencyId: f.chengliu.id,
        name: '政府信息公开制度',
      });
      const itemId = await published(f.chengliu.id, {
        categoryCode: category.code,
        title: '承留镇政府信息公开保密审查制度',
      });
      const body = (await get(`/agencies/${f.chengliu.id}/rules`)).body;
      assert.ok(body.includes(`/agencies/${f.chengliu.id}/items/${itemId}"`));
    });

    it('links every column from the agency home (no 依申请公开 for a village)', async () => {
      const body = (await get(`/agencies/${f.chengliu.id}`)).body;
      for (const path of ['guide', 'rules', 'statutory', 'items', 'apply', 'annual-reports']) {
        assert.ok(body.includes(`href="/agencies/${f.chengliu.id}/${path}"`), path);
        assert.equal((await get(`/agencies/${f.chengliu.id}/${path}`)).statusCode, 200, path);
      }
      const villageHome = (await get(`/agencies/${village.id}`)).body;
      assert.ok(villageHome.includes(`href="/agencies/${village.id}/guide"`));
      assert.ok(!villageHome.includes(`href="/agencies/${village.id}/apply"`));
      assert.equal((await get('/agencies/no-such-agency/guide')).statusCode, 404);
      assert.equal((await get('/agencies/no-such-agency/statutory')).statusCode, 404);
    });
    it('switches to 大字版 with a cookie, and the page cache never serves one mode to the other', async () => {
      const home = `/agencies/${f.sili.id}`;
      const standard = new Browser(f.app);
      const large = new Browser(f.app);
      const LARGE = '<html lang="zh-CN" class="large-text">';
      // The standard page is cached first.
      const first = await standard.get(home);
      assert.ok(!first.body.includes('large-text'), 'standard page');
      const switchHref = `/preferences/text-size?size=large&return=${encodeURIComponent(home)}`;
      assert.ok(first.body.includes(`href="${switchHref}"`), 'the switch on the page, back to it');
      assert.match(first.headers.vary as string, /cookie/i);
      // The switch: a cookie, and back to the page.
      const switched = await large.get(switchHref);
      assert.equal(switched.statusCode, 303);
      assert.equal(switched.headers.location, home);
      assert.equal(large.cookies.get('gk_text'), 'large');
      const big = await large.get(home);
      assert.ok(big.body.startsWith(`<!doctype html>${LARGE}`), big.body.slice(0, 80));
      assert.match(big.body, />标准版</);
      // The other way round: a page cached in 大字版 first is not what a standard visitor gets.
      const guide = `/agencies/${f.sili.id}/guide`;
      assert.ok((await large.get(guide)).body.includes(LARGE));
      const plain = await standard.get(guide);
      assert.ok(!plain.body.includes('large-text'));
      assert.match(plain.body, />大字版</);
      assert.ok((await standard.get(home)).body.includes(`href="${switchHref}"`));
      // Uncached pages and the 404 page follow the cookie too.
      assert.ok((await large.get(`/agencies/${f.sili.id}/items`)).body.includes(LARGE));
      const missing = await large.get('/agencies/no-such-agency/items/nothing');
      assert.equal(missing.statusCode, 404);
      assert.ok(missing.body.includes(LARGE));
      // An error page is the same whatever address failed: its switch returns home.
      assert.ok(missing.body.includes('href="/preferences/text-size?size=standard&return=%2F"'));
      // A form's answer (its body read first) keeps the reader's size and returns to the form.
      await large.get('/apply/lookup');
      const refused = await large.post('/apply/lookup', { trackingNumber: '', token: '' });
      assert.equal(refused.statusCode, 400);
      assert.ok(refused.body.includes(LARGE), 'the answer to a form is in 大字版');
      assert.ok(
        refused.body.includes('href="/preferences/text-size?size=standard&return=%2Fapply%2Flookup"'),
        'its switch returns to the form',
      );
      // A query string is not carried into a cached page another visitor receives.
      await new Browser(f.app).get(`/?from=${'x'.repeat(10)}`);
      assert.ok(!(await standard.get('/')).body.includes('from='));
      // Back to the standard size: the cookie is gone.
      const back = await large.get(
        `/preferences/text-size?size=standard&return=${encodeURIComponent(guide)}`,
      );
      assert.equal(back.statusCode, 303);
      assert.equal(back.headers.location, guide);
      assert.equal(large.cookies.has('gk_text'), false);
      assert.ok(!(await large.get(guide)).body.includes('large-text'));
    });

    it('returns only to a path of this site: never //host, /\\host or an absolute URL', async () => {
      for (const target of [
        '//evil.example',
        '//evil.example/agencies',
        'https://evil.example/',
        'http:evil.example',
        '/\\evil.example',
        '/\tevil.example',
        ' //evil.example',
        'javascript:alert(1)',
        'agencies',
        '',
      ]) {
        const response = await new Browser(f.app).get(
          `/preferences/text-size?size=large&return=${encodeURIComponent(target)}`,
        );
        assert.equal(response.statusCode, 303, target);
        assert.equal(response.headers.location, '/', target);
      }
      const fine = await new Browser(f.app).get(
        `/preferences/text-size?size=large&return=${encodeURIComponent('/agencies/x/items?category=FD01&page=2')}`,
      );
      assert.equal(fine.headers.location, '/agencies/x/items?category=FD01&page=2');
    });

    it('never puts an applicant’s token into the switch’s link', async () => {
      const submitted = await submitOnlineApplication(f.ctx, intake(f.sili.id));
      const token = submitted.accessToken;
      const page = await new Browser(f.app).get(`/apply/status?token=${encodeURIComponent(token)}&x=1`);
      assert.equal(page.statusCode, 200);
      const href = /class="text-size-switch" href="([^"]+)"/.exec(page.body)?.[1] ?? '';
      assert.equal(
        href,
        `/preferences/text-size?size=large&return=${encodeURIComponent('/apply/status?x=1')}`,
      );
      assert.ok(!page.body.includes(encodeURIComponent(token)));
    });
  });
}
