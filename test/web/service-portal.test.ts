// The portal's 政务服务 pages on both engines: the listing grouped by level and 事项类型 with the
// windows open now (a fixed clock, Beijing time), an item's 办事指南, a window's page with the rating
// and complaint links (from=qr carried on), the printable QR sheets whose SVG encodes the absolute
// address, the .svg download; withdrawn items, closed windows, another town's records and malformed
// ids are 404; names are escaped.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/agencies/index.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import {
  createItem,
  createWindow,
  setItemWithdrawnState,
  setWindowClosed,
} from '../../src/services/index.ts';
import { sampleItem } from '../../src/services/testing.ts';
import { qrSvg } from '../../src/web/qr.ts';
import { createWebFixture, unescapeHtml, type WebFixture } from '../../src/web/testing.ts';

const SYSTEM = systemActor('service-portal-test');
const PUBLIC = 'https://gk.jiyuan.example.gov.cn';
const textOf = (html: string) => unescapeHtml(html.replace(/<[^>]+>/g, ''));

for (const engine of ENGINES) {
  describe(`portal 政务服务 on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    const ids = {} as Record<
      'general' | 'civil' | 'closed' | 'licence' | 'allowance' | 'village' | 'withdrawn' | 'siliItem',
      string
    >;

    before(async () => {
      f = await createWebFixture(engine, { config: { publicUrl: PUBLIC } });
      const agencyId = f.chengliu.id;
      const window = async (name: string, position: number) =>
        (
          await createWindow(f.ctx, SYSTEM, {
            agencyId,
            window: {
              name,
              hours: '周一至周五 8:30-12:00，14:30-17:30',
              phone: '0391-6611234',
              location: `一楼 ${position} 号窗口`,
              position,
            },
          })
        ).id;
      ids.general = await window('综合窗口', 1);
      ids.civil = await window('民政<b>窗口</b>', 2);
      ids.closed = await window('旧窗口', 3);
      await setWindowClosed(f.ctx, SYSTEM, { agencyId, windowId: ids.closed, closed: true });
      const item = async (overrides: Parameters<typeof sampleItem>[0]) =>
        (await createItem(f.ctx, SYSTEM, { agencyId, item: sampleItem(overrides) })).id;
      ids.licence = await item({
        name: '个体工商户登记',
        type: 'licensing',
        window: '综合窗口',
        legalLimitDays: 15,
        promisedLimitDays: 0,
        onlineUrl: 'https://www.hnzwfw.gov.cn/item/456',
      });
      ids.allowance = await item({ name: '<script>alert(1)</script>临时救助', window: '民政<b>窗口</b>' });
      ids.village = await item({
        name: '村级代办：农村建房申请',
        level: 'village',
        type: 'publicService',
        window: '综合窗口',
        legalLimitDays: null,
        promisedLimitDays: 5,
        onlineUrl: '',
      });
      ids.withdrawn = await item({ name: '已撤回的事项', window: '综合窗口' });
      await setItemWithdrawnState(f.ctx, SYSTEM, { agencyId, itemId: ids.withdrawn, withdrawn: true });
      await createWindow(f.ctx, SYSTEM, {
        agencyId: f.sili.id,
        window: {
          name: '思礼综合窗口',
          hours: '周一至周五 8:30-12:00',
          phone: '0391-6600000',
          location: '一楼',
          position: 1,
        },
      });
      ids.siliItem = (
        await createItem(f.ctx, SYSTEM, { agencyId: f.sili.id, item: sampleItem({ window: '思礼综合窗口' }) })
      ).id;
    });
    after(async () => f?.close());

    const get = (url: string) => f.app.inject({ method: 'GET', url });
    const base = () => `/agencies/${f.chengliu.id}/services`;

    it('links the column from the agency home', async () => {
      const home = await get(`/agencies/${f.chengliu.id}`);
      assert.equal(home.statusCode, 200);
      assert.ok(home.body.includes(`href="${base()}"`), 'the home links 政务服务');
    });

    it('lists open windows and offered items by level and type, escaped', async () => {
      f.clock.now = new Date('2026-03-02T02:00:00.000Z'); // Monday 10:00 in Beijing
      const page = await get(base());
      assert.equal(page.statusCode, 200);
      const text = textOf(page.body);
      assert.match(text, /政务服务事项（3项）/);
      assert.match(text, /乡镇级事项（2项）/);
      assert.match(text, /村级事项（1项）/);
      assert.match(text, /行政许可（1项）/);
      assert.match(text, /行政给付（1项）/);
      assert.match(text, /公共服务（1项）/);
      // The town's items come before the village's.
      assert.ok(text.indexOf('个体工商户登记') < text.indexOf('村级代办：农村建房申请'));
      assert.ok(!text.includes('已撤回的事项'), 'no withdrawn item');
      assert.ok(!text.includes('旧窗口'), 'no closed window');
      assert.ok(!text.includes('思礼'), 'nothing of another town');
      // 承诺 即办, 法定 15 days; no 法定时限 for the village item.
      assert.match(text, /个体工商户登记即办15个工作日综合窗口可在线办理/);
      assert.match(text, /村级代办：农村建房申请5个工作日无法定时限综合窗口到窗口办理/);
      assert.ok(!page.body.includes('<script>alert(1)'), 'an item name is escaped');
      assert.ok(page.body.includes('&lt;script>alert(1)&lt;/script>临时救助'));
      assert.ok(!page.body.includes('民政<b>'), 'a window name is escaped');
      assert.equal((text.match(/现在是办公时间/g) ?? []).length, 2);
      f.clock.now = new Date('2026-03-02T05:00:00.000Z'); // Monday 13:00: the midday break
      const noon = textOf((await get(base())).body);
      assert.equal((noon.match(/现在不是办公时间/g) ?? []).length, 2);
      f.clock.now = new Date('2026-03-07T02:00:00.000Z'); // Saturday 10:00
      assert.match(textOf((await get(base())).body), /现在不是办公时间/);
      f.clock.now = new Date('2026-03-02T02:00:00.000Z');
    });

    it('shows an item with every field, materials as a list and its online link', async () => {
      const page = await get(`${base()}/items/${ids.licence}`);
      assert.equal(page.statusCode, 200);
      const text = textOf(page.body);
      for (const expected of [
        '个体工商户登记',
        '事项类型行政许可',
        '层级乡镇级',
        '办理依据《农村五保供养工作条例》第七条',
        '法定时限15个工作日',
        '承诺时限即办',
        '收费标准不收费',
        '咨询电话0391-5012345',
        '第 1 版',
      ])
        assert.ok(text.includes(expected), expected);
      assert.match(page.body, /<ol><li>申请书<\/li><li>户口簿及身份证复印件<\/li><\/ol>/);
      assert.match(
        page.body,
        /<a href="https:\/\/www\.hnzwfw\.gov\.cn\/item\/456" rel="noopener noreferrer external">/,
      );
      assert.ok(page.body.includes(`href="${base()}/windows/${ids.general}"`), 'links its window');
      const village = textOf((await get(`${base()}/items/${ids.village}`)).body);
      assert.match(village, /法定时限法律法规未规定/);
      assert.match(village, /在线办理请到窗口办理/);
    });

    it('shows a window with its items and the links to rate and complain', async () => {
      const page = await get(`${base()}/windows/${ids.general}`);
      assert.equal(page.statusCode, 200);
      const text = textOf(page.body);
      assert.match(text, /本窗口办理的事项（2项）/);
      assert.match(text, /现在是办公时间/);
      assert.ok(!text.includes('已撤回的事项'));
      assert.ok(page.body.includes(`href="${base()}/rate?window=${ids.general}"`), 'rate link');
      assert.ok(
        page.body.includes(`href="${base()}/complaints/new?window=${ids.general}"`),
        'complaint link',
      );
      const scanned = await get(`${base()}/windows/${ids.general}?from=qr`);
      assert.ok(
        scanned.body.includes(`href="${base()}/rate?window=${ids.general}&from=qr"`),
        'from=qr carried',
      );
      const other = await get(`${base()}/windows/${ids.general}?from=elsewhere`);
      assert.ok(other.body.includes(`href="${base()}/rate?window=${ids.general}"`));
    });

    it('prints a QR sheet whose code is the absolute address, and offers it as .svg', async () => {
      const sheet = await get(`${base()}/windows/${ids.general}/qr`);
      assert.equal(sheet.statusCode, 200);
      const url = `${PUBLIC}/agencies/${f.chengliu.id}/services/windows/${ids.general}?from=qr`;
      assert.ok(sheet.body.includes(qrSvg(url, '综合窗口的二维码')), 'the SVG of the window address');
      const text = textOf(sheet.body);
      assert.ok(text.includes(url));
      assert.match(text, /办公时间周一至周五 8:30-12:00，14:30-17:30/);
      assert.match(text, /位置一楼 1 号窗口/);
      const file = await get(`${base()}/windows/${ids.general}/qr.svg`);
      assert.equal(file.statusCode, 200);
      assert.match(String(file.headers['content-type']), /^image\/svg\+xml/);
      assert.match(String(file.headers['content-disposition']), /^attachment;/);
      assert.ok(file.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns='));
      assert.ok(file.body.endsWith(qrSvg(url, '综合窗口的二维码')));

      const itemSheet = await get(`${base()}/items/${ids.allowance}/qr`);
      assert.equal(itemSheet.statusCode, 200);
      const itemUrl = `${PUBLIC}/agencies/${f.chengliu.id}/services/items/${ids.allowance}`;
      assert.ok(itemSheet.body.includes(qrSvg(itemUrl, '<script>alert(1)</script>临时救助的二维码')));
      assert.ok(!itemSheet.body.includes('<script>alert'), 'escaped in the title and the SVG');
      assert.equal((await get(`${base()}/items/${ids.allowance}/qr.svg`)).statusCode, 200);
    });

    it('answers 404 for withdrawn, closed, foreign and malformed records', async () => {
      const missing = [
        `${base()}/items/${ids.withdrawn}`,
        `${base()}/items/${ids.withdrawn}/qr`,
        `${base()}/items/${ids.withdrawn}/qr.svg`,
        `${base()}/windows/${ids.closed}`,
        `${base()}/windows/${ids.closed}/qr`,
        `${base()}/windows/${ids.closed}/qr.svg`,
        `${base()}/items/${ids.siliItem}`,
        `${base()}/items/${ids.general}`,
        `${base()}/windows/${ids.licence}`,
        `${base()}/items/no-such-item`,
        `/agencies/no-such-agency/services`,
        `/agencies/no-such-agency/services/windows/${ids.general}`,
        `/agencies/${f.sili.id}/services/windows/${ids.general}`,
      ];
      for (const url of missing) {
        const response = await get(url);
        assert.equal(response.statusCode, 404, url);
        assert.match(response.body, /lang="zh-CN"/, url);
      }
      for (const url of [
        `${base()}/items/${'x'.repeat(101)}`,
        `${base()}/items/%00`,
        `${base()}/windows/%00/qr`,
      ]) {
        const response = await get(url);
        assert.ok([400, 404].includes(response.statusCode), `${url}: ${response.statusCode}`);
        assert.match(response.body, /lang="zh-CN"/);
      }
    });

    it('says so when an agency publishes no windows or items', async () => {
      const page = await get(`/agencies/${f.region.id}/services`);
      assert.equal(page.statusCode, 200);
      const text = textOf(page.body);
      assert.match(text, /暂无公开的服务窗口/);
      assert.match(text, /暂未公开政务服务事项/);
    });
  });
}
