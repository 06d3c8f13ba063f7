// The back office of the 政务服务事项 catalogue through app.inject on both engines: windows and
// items through their forms (problems beside the fields, versions, an unchanged edit, withdraw and
// restore), the catalogue's counts and filters, the XLSX import (two bad rows reported and nothing
// written, then only the valid rows; the export imported again changes nothing; oversized and
// foreign files refused), access (403 without the role, 404 for another town, nothing written),
// CSRF, malformed input answered in Chinese and never 500, names escaped everywhere.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import {
  changePassword,
  createUser,
  grantRole,
  login,
  type Role,
  resolveSession,
  systemActor,
} from '../../src/agencies/index.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import {
  buildServiceItemTemplate,
  createItem,
  createWindow,
  ITEM_COLUMNS,
  ITEMS_SHEET,
  MAX_IMPORT_BYTES,
} from '../../src/services/index.ts';
import { sampleItem } from '../../src/services/testing.ts';
import {
  Browser,
  createWebFixture,
  TEST_PASSWORD,
  unescapeHtml,
  type WebFixture,
} from '../../src/web/testing.ts';

let ipCounter = 0;
const nextIp = () => `198.51.100.${++ipCounter}`;
const operator = systemActor('service-catalogue-test');
const XSS = '<script>alert("x")</script>低保申请';
/** An attribute or text as the browser reads it (kitajs writes quotes as &#34;). */
const decoded = (html: string) => unescapeHtml(html.replace(/&#34;/g, '&quot;'));
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function multipart(file: { filename: string; type: string; content: Uint8Array } | null): {
  payload: Buffer;
  contentType: string;
} {
  const boundary = '----gongkaiServiceBoundary0123456789';
  const chunks: Buffer[] = [];
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The template with these rows under the headers. */
async function filled(rows: ExcelJS.CellValue[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await buildServiceItemTemplate()) as never);
  rows.forEach((row, i) => {
    wb.getWorksheet(ITEMS_SHEET)!.getRow(i + 2).values = row;
  });
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** A row of the template: the sample item with these names. */
function row(
  name: string,
  window: string,
  overrides: Record<string, ExcelJS.CellValue> = {},
): ExcelJS.CellValue[] {
  const item = sampleItem({ name, window });
  const cells: Record<string, ExcelJS.CellValue> = {
    name: item.name,
    type: '行政给付',
    level: '乡镇级',
    basis: item.basis,
    conditions: item.conditions,
    materials: item.materials.join('\n'),
    procedure: item.procedure,
    legalLimitDays: 20,
    promisedLimitDays: 15,
    fee: '不收费',
    window,
    phone: item.phone,
    onlineUrl: item.onlineUrl,
    version: 1,
    ...overrides,
  };
  return ITEM_COLUMNS.map((c) => cells[c.field] ?? null);
}

function itemForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: '最低生活保障申请',
    type: 'payment',
    level: 'town',
    basis: '《社会救助暂行办法》第十一条',
    conditions: '共同生活的家庭成员人均收入低于当地最低生活保障标准',
    materials: '申请书\r\n户口簿及身份证复印件\r\n\r\n收入证明',
    procedure: '申请→村民委员会评议→乡镇人民政府审核→县级民政部门审批',
    legalLimitDays: '30',
    promisedLimitDays: '20',
    fee: '',
    window: '民政窗口',
    phone: '0391-5012345',
    onlineUrl: '',
    ...overrides,
  };
}

for (const engine of ENGINES) {
  describe(`service catalogue pages on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    let clerk: Browser;
    let base: string;
    let chengliuItem: string;
    let chengliuWindow: string;

    async function signedIn(agencyId: string, username: string, roles: Role[]): Promise<Browser> {
      const { initialPassword } = await createUser(f.ctx, operator, {
        agencyId,
        username,
        displayName: username,
        roles,
      });
      const { token } = await login(f.ctx, { username, password: initialPassword });
      const principal = await resolveSession(f.ctx, token);
      assert.ok(principal);
      await changePassword(f.ctx, principal, { current: initialPassword, next: TEST_PASSWORD });
      const browser = new Browser(f.app, nextIp());
      assert.equal((await browser.signIn(username)).statusCode, 303);
      assert.equal((await browser.get('/office')).statusCode, 200);
      return browser;
    }

    async function upload(browser: Browser, body: ReturnType<typeof multipart>, csrf = browser.lastCsrf) {
      return f.app.inject({
        method: 'POST',
        url: `${base}/import?_csrf=${encodeURIComponent(csrf ?? '')}`,
        remoteAddress: browser.ip,
        headers: { cookie: browser.cookieHeader(), 'content-type': body.contentType },
        payload: body.payload,
      });
    }

    /** Everything of the catalogue as stored: what a refused request must not have changed. */
    async function stored() {
      const db = f.database.db;
      return {
        windows: await db.selectFrom('service_windows').selectAll().orderBy('id').execute(),
        items: await db.selectFrom('service_items').selectAll().orderBy('id').execute(),
        versions: await db
          .selectFrom('service_item_versions')
          .selectAll()
          .orderBy('item_id')
          .orderBy('version')
          .execute(),
      };
    }

    before(async () => {
      f = await createWebFixture(engine);
      clerk = await signedIn(f.sili.id, 'sili.service.clerk', ['service']);
      base = `/office/agencies/${f.sili.id}/services`;
      chengliuWindow = (
        await createWindow(f.ctx, operator, {
          agencyId: f.chengliu.id,
          window: {
            name: '承留镇民政窗口',
            hours: '周一至周五 8:30-12:00',
            phone: '0391-6012345',
            location: '一楼',
            position: null,
          },
        })
      ).id;
      chengliuItem = (
        await createItem(f.ctx, operator, {
          agencyId: f.chengliu.id,
          item: sampleItem({ name: '承留镇事项', window: '承留镇民政窗口' }),
        })
      ).id;
    });
    after(async () => f?.close());

    let itemUrl: string;

    it('adds windows and an item through the forms, problems beside the fields, names escaped', async () => {
      const form = await clerk.get(`${base}/windows/new`);
      assert.equal(form.statusCode, 200);
      const bad = await clerk.post(`${base}/windows`, {
        name: '民政窗口',
        hours: '周一至周五 8:30',
        phone: '5012345',
        location: '一楼 3 号窗口',
        position: 'x',
      });
      assert.equal(bad.statusCode, 400, bad.body.slice(0, 300));
      assert.match(bad.body, /id="window-hours-error"[^>]*>办公时间“8:30”无法识别/);
      assert.match(bad.body, /id="window-phone-error"[^>]*>咨询电话“5012345”格式不正确/);
      assert.match(bad.body, /id="window-position-error"/);
      assert.match(
        bad.body,
        /id="window-hours"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="window-hours"/,
      );
      assert.equal((await stored()).windows.filter((w) => w.agency_id === f.sili.id).length, 0);
      const created = await clerk.post(`${base}/windows`, {
        name: '民政窗口',
        hours: '周一至周五 8:30-12:00，14:30-17:30',
        phone: '0391-5012345',
        location: '一楼 3 号窗口',
        position: '',
      });
      assert.equal(created.statusCode, 303, created.body.slice(0, 300));
      assert.match(String(created.headers.location), /\/windows\/[^/]+\?done=windowCreated$/);
      await clerk.get(`${base}/windows/new`);
      const xssWindow = await clerk.post(`${base}/windows`, {
        name: '<b>综合</b>窗口',
        hours: '工作日 9:00-17:00',
        phone: '12345',
        location: '一楼',
      });
      assert.equal(xssWindow.statusCode, 303);
      await clerk.get(`${base}/windows/new`);
      const taken = await clerk.post(`${base}/windows`, {
        name: '民政 窗口',
        hours: '工作日 9:00-17:00',
        phone: '12345',
        location: '二楼',
      });
      assert.equal(taken.statusCode, 400);
      assert.match(taken.body, /id="window-name-error"[^>]*>窗口名称“民政 窗口”已被本机构的其他窗口使用/);
      const windows = await clerk.get(`${base}/windows`);
      assert.equal(windows.statusCode, 200);
      assert.match(windows.body, /&lt;b>综合&lt;\/b>窗口/);
      assert.doesNotMatch(windows.body.replace(/="[^"]*"/g, '=""'), /<b>综合/);

      await clerk.get(`${base}/items/new`);
      const unknown = await clerk.post(`${base}/items`, itemForm({ window: '社保窗口' }));
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.body, /id="item-window-error"[^>]*>办理窗口“社保窗口”不是本机构的窗口/);
      const limits = await clerk.post(`${base}/items`, itemForm({ promisedLimitDays: '40', level: '' }));
      assert.equal(limits.statusCode, 400);
      assert.match(
        limits.body,
        /id="item-promisedLimitDays-error"[^>]*>承诺时限（40 个工作日）不能长于法定时限（30 个工作日）/,
      );
      assert.match(limits.body, /id="item-level-error"[^>]*>请选择层级/);
      assert.equal((await stored()).items.filter((i) => i.agency_id === f.sili.id).length, 0);

      const added = await clerk.post(`${base}/items`, itemForm({ name: XSS }));
      assert.equal(added.statusCode, 303, added.body.slice(0, 300));
      itemUrl = String(added.headers.location).replace(/\?.*$/, '');
      const page = await clerk.get(`${itemUrl}?done=created`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /事项已添加/);
      assert.match(page.body, /&lt;script>alert\(&#34;x&#34;\)&lt;\/script>低保申请|&lt;script&gt;alert/);
      // Attribute values keep < (their quotes are escaped); nowhere else does the name stay raw.
      assert.doesNotMatch(page.body.replace(/="[^"]*"/g, '=""'), /<script>alert/);
      assert.match(page.body, /第 1 版/);
      const stored1 = (await stored()).items.find((i) => i.agency_id === f.sili.id)!;
      assert.deepEqual(JSON.parse(stored1.content).materials, ['申请书', '户口簿及身份证复印件', '收入证明']);
    });

    it('saves a changed item as a new version, an unchanged one as nothing, and withdraws and restores it', async () => {
      await clerk.get(itemUrl);
      const same = await clerk.post(itemUrl, itemForm({ name: XSS, version: '1' }));
      assert.equal(same.statusCode, 303);
      assert.match(String(same.headers.location), /done=unchanged/);
      assert.match((await clerk.get(String(same.headers.location))).body, /内容没有变化，未保存新版本/);
      const changed = await clerk.post(
        itemUrl,
        itemForm({ name: XSS, promisedLimitDays: '即办', version: '1' }),
      );
      assert.equal(changed.statusCode, 303);
      const page = await clerk.get(String(changed.headers.location));
      assert.match(page.body, /修改已保存为新版本/);
      assert.match(page.body, /第 2 版/);
      assert.match(page.body, /承诺 即办；法定 30 个工作日/);
      assert.match(page.body, /历史版本/);
      // The form of version 1 again: stale, refused, nothing written.
      const before = await stored();
      const stale = await clerk.post(itemUrl, itemForm({ name: XSS, promisedLimitDays: '3', version: '1' }));
      assert.equal(stale.statusCode, 400);
      assert.match(stale.body, /该事项已被修改/);
      const malformed = await clerk.post(itemUrl, itemForm({ version: 'abc' }));
      assert.equal(malformed.statusCode, 400);
      assert.match(malformed.body, /表单已过期/);
      assert.deepEqual(await stored(), before);

      await clerk.get(itemUrl);
      const withdrawn = await clerk.post(`${itemUrl}/withdrawal`, { withdrawn: '1' });
      assert.equal(withdrawn.statusCode, 303);
      const catalogue = await clerk.get(base);
      assert.match(catalogue.body, /已撤回的事项/);
      assert.match(catalogue.body, /公开的事项共 0 项，另有已撤回 1 项/);
      await clerk.get(itemUrl);
      assert.equal((await clerk.post(`${itemUrl}/withdrawal`, { withdrawn: 'x' })).statusCode, 400);
      const restored = await clerk.post(`${itemUrl}/withdrawal`, { withdrawn: '0' });
      assert.equal(restored.statusCode, 303);
      assert.match((await clerk.get(String(restored.headers.location))).body, /事项已恢复公开/);
    });

    it('counts the catalogue per level and type and filters it by level and window', async () => {
      const windowId = (await stored()).windows.find(
        (w) => w.name === '民政窗口' && w.agency_id === f.sili.id,
      )!.id;
      await clerk.get(`${base}/items/new`);
      assert.equal(
        (
          await clerk.post(
            `${base}/items`,
            itemForm({
              name: '村级事项',
              level: 'village',
              type: 'publicService',
              window: '<b>综合</b>窗口',
            }),
          )
        ).statusCode,
        303,
      );
      const all = await clerk.get(base);
      assert.equal(all.statusCode, 200);
      assert.match(all.body, /公开的事项共 2 项/);
      assert.match(all.body, /村级事项/);
      const town = await clerk.get(`${base}?level=town`);
      assert.doesNotMatch(town.body, /<a [^>]*>村级事项<\/a>/);
      assert.match(town.body, /低保申请/);
      const atWindow = await clerk.get(`${base}?window=${windowId}`);
      assert.doesNotMatch(atWindow.body, /<a [^>]*>村级事项<\/a>/);
      // Unknown filters are ignored, not errors.
      assert.equal((await clerk.get(`${base}?level=nope&window=nope`)).statusCode, 200);
      const closing = await clerk.post(`${base}/windows/${windowId}/closed`, { closed: '1' });
      assert.equal(closing.statusCode, 400);
      assert.match(closing.body, /还在办理 1 个事项/);
    });

    it('imports a file with two bad rows only when asked, exactly the valid rows; the export imported again changes nothing', async () => {
      const template = await clerk.get(`${base}/template.xlsx`);
      assert.equal(template.statusCode, 200);
      assert.equal(template.headers['content-type'], XLSX);
      const bytes = await filled([
        row('导入事项一', '民政窗口'),
        row('导入事项二', '民政窗口', { promisedLimitDays: 40, legalLimitDays: 30 }),
        row('导入事项三<i>', '<b>综合</b>窗口'),
        row('导入事项四', '社保窗口'),
      ]);
      await clerk.get(`${base}/import`);
      const before = await stored();
      const checked = await upload(clerk, multipart({ filename: '导入.xlsx', type: XLSX, content: bytes }));
      assert.equal(checked.statusCode, 422, checked.body.slice(0, 300));
      assert.match(checked.body, /未导入任何内容/);
      const reported = [
        ...checked.body.matchAll(/<td>第 (\d+) 行<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/g),
      ].map((m) => [m[1], decoded(m[2]!), decoded(m[3]!)]);
      assert.deepEqual(reported.slice(0, 2), [
        ['3', '承诺时限（工作日）', '承诺时限（40 个工作日）不能长于法定时限（30 个工作日）'],
        ['5', '办理窗口', '办理窗口“社保窗口”不是本机构的窗口（现有窗口：“民政窗口”、“<b>综合</b>窗口”）'],
      ]);
      assert.match(checked.body, /只导入有效的 2 行/);
      assert.match(checked.body, /导入事项三&lt;i>/);
      assert.deepEqual(await stored(), before, 'nothing written');

      // The accept form carries the file itself back, with the number of rows the clerk was shown.
      const file = /name="file" value="([^"]*)"/.exec(checked.body)?.[1];
      assert.ok(file, 'the file in the accept form');
      assert.match(checked.body, /name="count" value="2"/);
      const accepted = await clerk.post(`${base}/import/accept`, { file: decoded(file), count: '2' });
      assert.equal(accepted.statusCode, 303, accepted.body.replace(/^[\s\S]*<main/, '').slice(0, 800));
      const afterAccept = await stored();
      assert.deepEqual(
        afterAccept.items
          .filter((i) => i.agency_id === f.sili.id)
          .map((i) => i.name)
          .filter((n) => n.startsWith('导入'))
          .sort(),
        ['导入事项一', '导入事项三<i>'],
      );
      // Accepted twice: the same content again, nothing changes.
      assert.equal(
        (await clerk.post(`${base}/import/accept`, { file: decoded(file), count: '2' })).statusCode,
        303,
      );
      assert.deepEqual(await stored(), afterAccept);
      // Not what the clerk was shown (the catalogue changed, or a forged count): the report again.
      const changed = await clerk.post(`${base}/import/accept`, { file: decoded(file), count: '3' });
      assert.equal(changed.statusCode, 409);
      assert.match(changed.body, /请再次确认/);
      assert.deepEqual(await stored(), afterAccept, 'nothing written');
      for (const tampered of ['', '%%%', 'bm90IGEgemlw', 'A'.repeat(900_004)]) {
        const response = await clerk.post(`${base}/import/accept`, { file: tampered, count: '2' });
        assert.ok(
          [400, 413].includes(response.statusCode),
          `${tampered.slice(0, 20)}: ${response.statusCode}`,
        );
        assert.doesNotMatch(response.body, /Internal Server Error|服务器内部错误/);
      }
      assert.deepEqual(await stored(), afterAccept, 'nothing written by tampered forms');

      const exported = await clerk.get(`${base}/export.xlsx`);
      assert.equal(exported.statusCode, 200);
      assert.equal(exported.headers['content-type'], XLSX);
      await clerk.get(`${base}/import`);
      const again = await upload(
        clerk,
        multipart({ filename: '导出.xlsx', type: XLSX, content: exported.rawPayload }),
      );
      assert.equal(again.statusCode, 303, again.body.slice(0, 300));
      assert.match(String(again.headers.location), /done=importUnchanged/);
      assert.deepEqual(await stored(), afterAccept, 'the export imported again changes nothing');
    });

    it('refuses oversized, foreign and missing files and uploads without the CSRF token, in Chinese, never 500', async () => {
      await clerk.get(`${base}/import`);
      const before = await stored();
      for (const [content, status, reason] of [
        [new TextEncoder().encode('事项名称,事项类型\n低保,行政给付\n'), 400, /不是 Excel 工作簿/],
        [Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), 400, /旧版 Excel/],
        [new Uint8Array(MAX_IMPORT_BYTES + 1024), 413, /导入文件不能超过 20 MB/],
      ] as const) {
        const response = await upload(
          clerk,
          multipart({ filename: 'x.xlsx', type: 'application/octet-stream', content }),
        );
        assert.equal(response.statusCode, status, response.body.slice(0, 300));
        assert.match(response.body, reason);
      }
      // A workbook that is not the template.
      const foreign = new ExcelJS.Workbook();
      foreign.addWorksheet('Sheet1').addRow(['姓名', '电话']);
      const foreignBytes = new Uint8Array((await foreign.xlsx.writeBuffer()) as ArrayBuffer);
      const notTemplate = await upload(
        clerk,
        multipart({ filename: 'x.xlsx', type: XLSX, content: foreignBytes }),
      );
      assert.equal(notTemplate.statusCode, 400);
      assert.match(notTemplate.body, /未找到“政务服务事项”工作表/);
      const none = await upload(clerk, multipart(null));
      assert.equal(none.statusCode, 400);
      assert.match(none.body, /请选择要导入的 Excel 文件/);
      assert.equal((await clerk.post(`${base}/import`, {})).statusCode, 400);
      const forged = await upload(
        clerk,
        multipart({ filename: 'x.xlsx', type: XLSX, content: await filled([row('伪造', '民政窗口')]) }),
        'forged',
      );
      assert.equal(forged.statusCode, 403);
      const noToken = await clerk.post(`${base}/items`, itemForm({ name: '无令牌事项' }), { csrf: false });
      assert.equal(noToken.statusCode, 403);
      const windowNoToken = await clerk.post(`${base}/windows`, { name: '无令牌窗口' }, { csrf: false });
      assert.equal(windowNoToken.statusCode, 403);
      assert.deepEqual(await stored(), before);
    });

    it('answers malformed input in Chinese, never 500', async () => {
      await clerk.get(`${base}/items/new`);
      const before = await stored();
      for (const [form, pattern] of [
        [itemForm({ name: 'a\u0000b' }), /无效字符/],
        [itemForm({ name: '长'.repeat(1001) }), /事项名称/],
        [itemForm({ legalLimitDays: '三十' }), /法定时限请填写工作日数/],
        [itemForm({ type: 'nope' }), /请选择事项类型/],
        [itemForm({ onlineUrl: 'javascript:alert(1)' }), /在线办理地址应以 https:\/\/ 开头/],
      ] as const) {
        const response = await clerk.post(`${base}/items`, form);
        assert.equal(response.statusCode, 400, response.body.slice(0, 300));
        assert.match(response.body, pattern);
      }
      const arrays = await clerk.post(`${base}/items`, { ...itemForm(), name: ['a', 'b'] });
      assert.ok(arrays.statusCode === 400, String(arrays.statusCode));
      for (const url of [`${base}/items/%00`, `${base}/items/${'x'.repeat(200)}`, `${base}/windows/nope`]) {
        const response = await clerk.get(url);
        assert.ok([400, 404].includes(response.statusCode), `${url}: ${response.statusCode}`);
        assert.match(response.body, /[\u4e00-\u9fff]/);
      }
      assert.deepEqual(await stored(), before);
    });

    it('refuses staff without the role (403), lets supervisors read, and hides another town’s catalogue (404), writing nothing', async () => {
      const editor = await signedIn(f.sili.id, 'sili.service.editor', ['editor']);
      for (const url of [base, `${base}/windows`, `${base}/export.xlsx`, itemUrl]) {
        const response = await editor.get(url);
        assert.equal(response.statusCode, 403, url);
        assert.match(response.body, /您没有进行此项操作的权限/);
      }
      // A supervisor of the region reads 思礼镇's catalogue through the subtree, without the forms.
      const supervisorUser = await createUser(f.ctx, operator, {
        agencyId: f.region.id,
        username: 'region.service.supervisor',
        displayName: '监督',
      });
      await grantRole(f.ctx, operator, {
        userId: supervisorUser.user.id,
        agencyId: f.region.id,
        role: 'supervisor',
        includeSubtree: true,
      });
      const { token } = await login(f.ctx, {
        username: 'region.service.supervisor',
        password: supervisorUser.initialPassword,
      });
      const principal = await resolveSession(f.ctx, token);
      await changePassword(f.ctx, principal!, {
        current: supervisorUser.initialPassword,
        next: TEST_PASSWORD,
      });
      const supervisor = new Browser(f.app, nextIp());
      assert.equal((await supervisor.signIn('region.service.supervisor')).statusCode, 303);
      // The dashboard links the catalogue for the clerk and the supervisor, not for the editor.
      const services = (agencyId: string) => `href="/office/agencies/${agencyId}/services"`;
      const clerkDashboard = (await clerk.get('/office')).body;
      assert.ok(clerkDashboard.includes(services(f.sili.id)));
      assert.ok(clerkDashboard.includes(`href="/office/agencies/${f.sili.id}/service-events"`));
      assert.ok((await supervisor.get('/office')).body.includes(services(f.region.id)));
      assert.ok(!(await editor.get('/office')).body.includes(services(f.sili.id)));
      const read = await supervisor.get(base);
      assert.equal(read.statusCode, 200);
      assert.doesNotMatch(read.body, /新增事项/);
      const itemPage = await supervisor.get(itemUrl);
      assert.equal(itemPage.statusCode, 200);
      assert.doesNotMatch(itemPage.body, /保存修改/);
      assert.equal((await supervisor.get(`${base}/items/new`)).statusCode, 403);
      assert.equal((await supervisor.post(`${base}/windows`, { name: '监督窗口' })).statusCode, 403);
      const before = await stored();
      const chengliuBase = `/office/agencies/${f.chengliu.id}/services`;
      // 思礼镇's clerk: 承留镇's catalogue, and 承留镇's item and window under 思礼镇's path.
      for (const [method, url, form] of [
        ['GET', chengliuBase, {}],
        ['GET', `${chengliuBase}/items/${chengliuItem}`, {}],
        ['GET', `${base}/items/${chengliuItem}`, {}],
        ['GET', `${base}/windows/${chengliuWindow}`, {}],
        ['POST', `${base}/items/${chengliuItem}`, { ...itemForm(), version: '1' }],
        ['POST', `${base}/items/${chengliuItem}/withdrawal`, { withdrawn: '1' }],
        ['POST', `${base}/windows/${chengliuWindow}/closed`, { closed: '1' }],
        ['POST', `${chengliuBase}/items`, itemForm({ name: '越权事项', window: '承留镇民政窗口' })],
      ] as const) {
        await clerk.get(base);
        const response = method === 'GET' ? await clerk.get(url) : await clerk.post(url, form);
        assert.equal(response.statusCode, 404, `${method} ${url}: ${response.body.slice(0, 200)}`);
        assert.doesNotMatch(response.body, /承留镇事项/);
      }
      assert.deepEqual(await stored(), before, 'nothing written in another town');
    });

    it('takes a town’s whole catalogue with one bad row through the confirm step: the seed’s 154 town- and 1,782 village-level items', async () => {
      const rows: ExcelJS.CellValue[][] = [];
      for (let i = 1; i <= 154; i++) rows.push(row(`全镇镇级事项第${i}项`, '民政窗口'));
      for (let i = 1; i <= 1782; i++) rows.push(row(`全镇村级事项第${i}项`, '民政窗口', { level: '村级' }));
      rows[100] = row('有误的事项', '民政窗口', { promisedLimitDays: 40, legalLimitDays: 30 });
      await clerk.get(`${base}/import`);
      const checked = await upload(
        clerk,
        multipart({ filename: '全镇事项.xlsx', type: XLSX, content: await filled(rows) }),
      );
      assert.equal(checked.statusCode, 422);
      assert.match(checked.body, /只导入有效的 1935 行/);
      const file = /name="file" value="([^"]*)"/.exec(checked.body)?.[1];
      assert.ok(file, 'a form can carry the whole file');
      // Sent as a browser sends the form (URL-encoded), under the request body limit.
      const accepted = await clerk.post(`${base}/import/accept`, { file: decoded(file), count: '1935' });
      assert.equal(accepted.statusCode, 303, accepted.body.replace(/^[\s\S]*<main/, '').slice(0, 400));
      const items = (await stored()).items.filter((i) => i.agency_id === f.sili.id);
      assert.equal(items.filter((i) => i.name.startsWith('全镇镇级事项')).length, 153);
      assert.equal(items.filter((i) => i.name.startsWith('全镇村级事项')).length, 1782);
      assert.ok(!items.some((i) => i.name === '有误的事项'));
    });
  });
}
