// The back office of 主动公开 through app.inject on both engines: an editor drafts an item with a
// 身份证号 in its body, the reviewer's signature is refused while the finding is open, the number is
// redacted, the review signed, the item approved and published — the portal shows it without the
// number and its search finds it — then withdrawn, and both forget it. Also: escaping on the office
// and portal pages, roles (403), another agency's item (404), stale and malformed forms, the 条例第
// 二十六条 flag, separation of duties, revisions, channel counts and the catalogue editor.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import {
  changePassword,
  createUser,
  grantRole,
  login,
  type Role,
  resolveSession,
  systemActor,
} from '../../src/agencies/index.ts';
import { residentId } from '../../src/applications/testing.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import { CHECKLIST_IDS, createDraft } from '../../src/disclosures/index.ts';
import { content, staff, TINY_PDF } from '../../src/disclosures/testing.ts';
import {
  Browser,
  createWebFixture,
  TEST_PASSWORD,
  unescapeHtml,
  type WebFixture,
} from '../../src/web/testing.ts';

const operator = systemActor('office-items-test');
let ipCounter = 0;
const nextIp = () => `198.51.100.${++ipCounter}`;

const ID_NUMBER = residentId('41900119900307201');

/** A multipart body of text fields and files, as a browser sends the draft form. */
function multipart(
  fields: Record<string, string | readonly string[]>,
  files: { filename: string; type: string; content: Uint8Array }[] = [],
): { payload: Buffer; contentType: string } {
  const boundary = '----gongkaiItemsBoundary9QmW2xT';
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    for (const v of typeof value === 'string' ? [value] : value)
      chunks.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${v}\r\n`),
      );
  for (const file of files)
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

function draftFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    title: '承留镇2026年农村危房改造补助对象公示',
    documentNumber: '承政〔2026〕5号',
    formedOn: '2026-02-27',
    categoryCode: 'JC08',
    theme: '城乡建设、环境保护',
    validity: 'valid',
    summary: '公示2026年第一批农村危房改造补助对象。',
    bodyHtml: `<p>补助对象：张三，身份证号码${ID_NUMBER}，补助金额2万元。</p><p>公示期5个工作日。</p>`,
    keywords: '危房改造，公示',
    ...overrides,
  };
}

/** The hidden event count of the page's (first) step form. */
function eventCount(html: string): string {
  const count = /name="expectedEventCount" value="(\d+)"/.exec(html)?.[1];
  assert.ok(count, 'the page has a step form');
  return count;
}

for (const engine of ENGINES) {
  describe(`主动公开 in the back office on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    let editor: Browser;
    let reviewer: Browser;
    let approver: Browser;
    let chief: Browser;
    let handler: Browser;
    let siliEditor: Browser;
    let supervisor: Browser;

    async function seed(agencyId: string, username: string, displayName: string, roles: Role[]) {
      const created = await createUser(f.ctx, operator, { agencyId, username, displayName, roles });
      const { token } = await login(f.ctx, { username, password: created.initialPassword });
      const principal = await resolveSession(f.ctx, token);
      assert.ok(principal);
      await changePassword(f.ctx, principal, { current: created.initialPassword, next: TEST_PASSWORD });
      return created.user;
    }

    async function signedIn(username: string): Promise<Browser> {
      const browser = new Browser(f.app, nextIp());
      assert.equal((await browser.signIn(username)).statusCode, 303, `${username} signs in`);
      assert.equal((await browser.get('/office')).statusCode, 200);
      return browser;
    }

    const items = (agencyId = f.chengliu.id) => `/office/agencies/${agencyId}/items`;
    const itemUrl = (itemId: string, agencyId = f.chengliu.id) => `${items(agencyId)}/${itemId}`;
    const portalItem = (itemId: string, agencyId = f.chengliu.id) => `/agencies/${agencyId}/items/${itemId}`;

    /** Posts the draft form (new or edit) of the page at `formUrl` as multipart. */
    async function postDraft(
      browser: Browser,
      formUrl: string,
      fields: Record<string, string | readonly string[]>,
      files: { filename: string; type: string; content: Uint8Array }[] = [],
    ): Promise<LightMyRequestResponse> {
      const page = await browser.get(formUrl);
      assert.equal(page.statusCode, 200, page.body.slice(0, 300));
      const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(
        page.body,
      )?.[1];
      assert.ok(action, 'a multipart form with its CSRF token');
      const count = /name="expectedEventCount" value="(\d+)"/.exec(page.body)?.[1];
      const body = multipart({ ...(count ? { expectedEventCount: count } : {}), ...fields }, files);
      return f.app.inject({
        method: 'POST',
        url: unescapeHtml(action),
        remoteAddress: browser.ip,
        headers: { cookie: browser.cookieHeader(), 'content-type': body.contentType },
        payload: body.payload,
      });
    }

    async function drafted(
      browser: Browser,
      fields: Record<string, string> = {},
      files: { filename: string; type: string; content: Uint8Array }[] = [],
    ): Promise<string> {
      const response = await postDraft(browser, `${items()}/new`, draftFields(fields), files);
      assert.equal(response.statusCode, 303, response.body.slice(0, 800));
      const itemId = /\/items\/([0-9a-f-]{36})\?done=created$/.exec(String(response.headers.location))?.[1];
      assert.ok(itemId, String(response.headers.location));
      return itemId;
    }

    /** Shows the item page to the browser, then posts one of its step forms with the shown version. */
    async function step(
      browser: Browser,
      itemId: string,
      form: string,
      fields: Record<string, string | readonly string[]> = {},
      page = itemUrl(itemId),
    ): Promise<LightMyRequestResponse> {
      const shown = await browser.get(page);
      assert.equal(shown.statusCode, 200, shown.body.slice(0, 300));
      return browser.post(`${itemUrl(itemId)}/${form}`, {
        expectedEventCount: eventCount(shown.body),
        ...fields,
      });
    }

    async function stepOk(browser: Browser, itemId: string, form: string, fields = {}, page?: string) {
      const response = await step(browser, itemId, form, fields, page);
      assert.equal(response.statusCode, 303, `${form}: ${response.body.slice(0, 1500)}`);
      return response;
    }

    async function published(fields: Record<string, string> = {}): Promise<string> {
      const itemId = await drafted(editor, { bodyHtml: '<p>公示期5个工作日。</p>', ...fields });
      await stepOk(editor, itemId, 'submit');
      await stepOk(
        reviewer,
        itemId,
        'review',
        { checklist: [...CHECKLIST_IDS] },
        `${itemUrl(itemId)}/review`,
      );
      await stepOk(approver, itemId, 'approve');
      await stepOk(approver, itemId, 'publish', { when: 'now' });
      return itemId;
    }

    async function eventTypes(itemId: string): Promise<string[]> {
      const rows = await f.database.db
        .selectFrom('disclosure_events')
        .select(['type'])
        .where('item_id', '=', itemId)
        .orderBy('seq')
        .execute();
      return rows.map((r) => r.type);
    }

    before(async () => {
      f = await createWebFixture(engine);
      await seed(f.chengliu.id, 'cl.editor', '李撰稿', ['editor']);
      await seed(f.chengliu.id, 'cl.reviewer', '周审查', ['reviewer']);
      await seed(f.chengliu.id, 'cl.approver', '王主任', ['approver']);
      await seed(f.chengliu.id, 'cl.chief', '陈镇长', ['editor', 'approver']);
      await seed(f.chengliu.id, 'cl.handler', '张办理', ['handler']);
      await seed(f.sili.id, 'sl.editor', '孙撰稿', ['editor']);
      const watcher = await seed(f.region.id, 'region.supervisor', '赵监督', []);
      await grantRole(f.ctx, operator, {
        userId: watcher.id,
        agencyId: f.region.id,
        role: 'supervisor',
        includeSubtree: true,
      });
      editor = await signedIn('cl.editor');
      reviewer = await signedIn('cl.reviewer');
      approver = await signedIn('cl.approver');
      chief = await signedIn('cl.chief');
      handler = await signedIn('cl.handler');
      siliEditor = await signedIn('sl.editor');
      supervisor = await signedIn('region.supervisor');
    });
    after(async () => {
      await f?.close();
    });

    it('takes an item with a 身份证号 from draft through 保密审查, approval and publication to withdrawal', async () => {
      const dashboard = await editor.get('/office');
      assert.ok(dashboard.body.includes(`href="${items()}"`), 'the dashboard links the items');
      assert.ok(
        dashboard.body.includes(`href="${items().replace(/\/items$/, '/normative')}"`),
        'the dashboard links the register of 规范性文件',
      );
      const itemId = await drafted(editor, { title: '承留镇危房改造补助对象公示（第一批）' });

      // The draft shows the finding in words, with where it is.
      let page = await editor.get(itemUrl(itemId));
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /草稿/);
      assert.match(page.body, /正文第\d+字起：居民身份证号码 4190\*+201/);
      assert.match(page.body, /发现1处个人信息/);
      assert.match(page.body, /action="[^"]+\/submit"/);
      assert.doesNotMatch(page.body, /action="[^"]+\/approve"/, 'no approval form for an editor');
      assert.match(page.body, /（首次发布时生成）/);

      await stepOk(editor, itemId, 'submit');
      page = await editor.get(itemUrl(itemId));
      assert.match(page.body, /保密审查中/);
      assert.doesNotMatch(
        page.body,
        /action="[^"]+\/(submit|edit|redact)"/,
        'the editor has no form in review',
      );

      // The reviewer cannot sign while the number is neither redacted nor justified.
      const reviewPage = `${itemUrl(itemId)}/review`;
      const refused = await step(reviewer, itemId, 'review', { checklist: [...CHECKLIST_IDS] }, reviewPage);
      assert.equal(refused.statusCode, 409, refused.body.slice(0, 500));
      assert.match(refused.body, /不能签署保密审查/);
      assert.match(refused.body, /须先去除，或逐项说明确需公开的理由/);
      // Unticked checklist items are refused too.
      const unticked = await step(reviewer, itemId, 'review', { checklist: CHECKLIST_IDS[0]! }, reviewPage);
      assert.equal(unticked.statusCode, 409);
      assert.match(unticked.body, /审查清单还有6项未确认/);
      assert.ok(!(await eventTypes(itemId)).includes('review_signed'));

      // Redacted from the review page: back on the review page, the finding gone.
      const redacted = await stepOk(reviewer, itemId, 'redact', { from: 'review' }, reviewPage);
      assert.match(String(redacted.headers.location), /\/review\?done=redacted$/);
      page = await reviewer.get(reviewPage);
      assert.match(page.body, /未发现身份证号码、手机号码或银行卡号/);
      assert.ok(!page.body.includes(ID_NUMBER));
      await stepOk(reviewer, itemId, 'review', { checklist: [...CHECKLIST_IDS] }, reviewPage);

      // The approver approves and publishes.
      page = await approver.get(itemUrl(itemId));
      assert.match(page.body, /待负责人审批/);
      await stepOk(approver, itemId, 'approve');
      await stepOk(approver, itemId, 'publish', { when: 'now' });
      page = await approver.get(itemUrl(itemId));
      assert.match(page.body, /已发布/);
      assert.match(page.body, new RegExp(`href="${portalItem(itemId)}"`), 'a link to the public page');
      const indexNumber = /-JC08-2026-\d{4}/.exec(page.body)?.[0];
      assert.ok(indexNumber, 'the 索引号 is given at publication');
      for (const label of ['起草', '提交保密审查', '去除个人信息', '保密审查签署', '负责人审批', '发布'])
        assert.ok(page.body.includes(label), `the timeline shows ${label}`);
      assert.match(page.body, /周审查/, 'who did it');

      // The portal shows it, without the number; the search finds it.
      const visitor = new Browser(f.app, nextIp());
      const shown = await visitor.get(portalItem(itemId));
      assert.equal(shown.statusCode, 200);
      assert.match(shown.body, /承留镇危房改造补助对象公示（第一批）/);
      assert.ok(!shown.body.includes(ID_NUMBER), 'the number is gone');
      assert.match(shown.body, /4190\*+201/);
      const search = await visitor.get(
        `/agencies/${f.chengliu.id}/search?q=${encodeURIComponent('危房改造')}`,
      );
      assert.equal(search.statusCode, 200);
      assert.ok(search.body.includes(portalItem(itemId)), 'the search finds it');

      // Withdrawn: gone from the portal and the search.
      const noReason = await step(approver, itemId, 'withdraw', { reason: ' ' });
      assert.equal(noReason.statusCode, 400);
      assert.match(noReason.body, /请填写撤回理由/);
      await stepOk(approver, itemId, 'withdraw', { reason: '补助名单有误，核实后重新公示' });
      assert.equal((await visitor.get(portalItem(itemId))).statusCode, 404);
      const after = await visitor.get(
        `/agencies/${f.chengliu.id}/search?q=${encodeURIComponent('危房改造')}`,
      );
      assert.ok(!after.body.includes(portalItem(itemId)), 'the search no longer finds it');
      page = await approver.get(itemUrl(itemId));
      assert.match(page.body, /已撤回/);
      assert.match(page.body, /补助名单有误，核实后重新公示/);
      assert.doesNotMatch(page.body, /name="expectedEventCount"/, 'no form for a withdrawn item');
    });

    it('finds numbers in attachment names, link addresses and attachment contents; signs only once they are redacted or justified', async () => {
      const workbook = new ExcelJS.Workbook();
      workbook.addWorksheet('名单').addRow(['值班手机', '13912345678']);
      const xlsx = new Uint8Array(await workbook.xlsx.writeBuffer());
      const itemId = await drafted(
        editor,
        {
          title: '防汛值班安排（附件检查）',
          bodyHtml: '<p>联系<a href="mailto:13812345678@139.com">值班邮箱</a>。</p>',
        },
        [
          { filename: `张三${ID_NUMBER}.pdf`, type: 'application/pdf', content: TINY_PDF },
          {
            filename: '值班表.xlsx',
            type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            content: xlsx,
          },
        ],
      );
      let page = await editor.get(itemUrl(itemId));
      assert.match(page.body, /附件名称中：居民身份证号码 4190\*+201/);
      assert.match(page.body, /正文链接地址中：手机号码 138\*{4}5678/);
      assert.match(page.body, /附件《值班表\.xlsx》第1处：手机号码 139\*{4}5678/);
      assert.match(page.body, /请删除该附件或上传去除个人信息后的文件/);
      await stepOk(editor, itemId, 'submit');
      const reviewPage = `${itemUrl(itemId)}/review`;
      let refused = await step(reviewer, itemId, 'review', { checklist: [...CHECKLIST_IDS] }, reviewPage);
      assert.equal(refused.statusCode, 409, refused.body.slice(0, 500));
      assert.match(refused.body, /内容中有2处个人信息/);
      assert.match(refused.body, /附件内容中有1处个人信息/);
      // The redaction renames the file and masks the link; the file's content stays to be justified.
      await stepOk(reviewer, itemId, 'redact', { from: 'review' }, reviewPage);
      refused = await step(reviewer, itemId, 'review', { checklist: [...CHECKLIST_IDS] }, reviewPage);
      assert.equal(refused.statusCode, 409);
      assert.doesNotMatch(refused.body, /内容中有2处/);
      assert.match(refused.body, /附件内容中有1处个人信息/);
      page = await reviewer.get(reviewPage);
      const keys = [...page.body.matchAll(/name="findingKey" value="([^"]+)"/g)].map((m) => m[1]!);
      assert.equal(keys.length, 1);
      assert.match(keys[0]!, /^attachment:[0-9a-f-]{36}:mobile:1$/);
      await stepOk(
        reviewer,
        itemId,
        'review',
        {
          checklist: [...CHECKLIST_IDS],
          findingKey: keys,
          findingReason: ['防汛值班专用手机，须向社会公布'],
        },
        reviewPage,
      );
      await stepOk(approver, itemId, 'approve');
      await stepOk(approver, itemId, 'publish', { when: 'now' });
      const shown = await new Browser(f.app, nextIp()).get(portalItem(itemId));
      assert.equal(shown.statusCode, 200);
      const wechat = await approver.get(`${itemUrl(itemId)}/wechat`);
      assert.equal(wechat.statusCode, 200);
      for (const body of [shown.body, wechat.body]) {
        assert.ok(!body.includes(ID_NUMBER) && !body.includes(ID_NUMBER.slice(6)), 'no ID number');
        assert.ok(!body.includes('13812345678'), 'no mobile in the link');
        assert.match(body, /张三4190\*{10}\d{3}[\dX]\.pdf/);
      }
    });

    it('escapes markup of the title, body and attachment name on the office and portal pages', async () => {
      const itemId = await published({
        title: '<script>alert("title")</script>危房公示<img src=x onerror=alert(1)>',
        bodyHtml:
          '<p>正文<b>加粗</b></p><script>alert("body")</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">链接</a>',
        summary: '"><svg onload=alert(4)>',
      });
      // An attachment with a hostile name, added to a new version.
      await stepOk(editor, itemId, 'revise');
      const edited = await postDraft(
        editor,
        `${itemUrl(itemId)}/edit`,
        draftFields({ title: '危房公示', bodyHtml: '<p>正文</p>' }),
        [{ filename: '<svg onload=alert(5)>名单.pdf', type: 'application/pdf', content: TINY_PDF }],
      );
      assert.equal(edited.statusCode, 303, edited.body.slice(0, 800));
      const pages = [
        await editor.get(itemUrl(itemId)),
        await editor.get(`${itemUrl(itemId)}/edit`),
        await editor.get(items()),
        await new Browser(f.app, nextIp()).get(portalItem(itemId)),
        await new Browser(f.app, nextIp()).get(`/agencies/${f.chengliu.id}/items`),
      ];
      for (const page of pages) {
        assert.equal(page.statusCode, 200);
        for (const bad of ['<script>alert', '<img src=x onerror', '<svg onload', 'javascript:alert'])
          assert.ok(!page.body.includes(bad), `${bad} is not in the page`);
      }
      assert.match(pages[0]!.body, /名单\.pdf/);
      assert.match(pages[3]!.body, /<b>加粗<\/b>/, 'the allowed markup of the body stays');
    });

    it('answers 403 to staff without the role a page or a step needs', async () => {
      const itemId = await drafted(editor, { bodyHtml: '<p>正文</p>' });
      const list = await handler.get(items());
      assert.equal(list.statusCode, 403);
      assert.match(list.body, /您没有进行此项操作的权限/);
      assert.equal((await reviewer.get(`${items()}/new`)).statusCode, 403);
      assert.equal((await reviewer.get(`${itemUrl(itemId)}/edit`)).statusCode, 403);
      const page = await editor.get(itemUrl(itemId));
      const approveByEditor = await editor.post(`${itemUrl(itemId)}/approve`, {
        expectedEventCount: eventCount(page.body),
      });
      assert.equal(approveByEditor.statusCode, 403);
      assert.deepEqual(await eventTypes(itemId), ['created']);
      // A supervisor above reads it, with no forms.
      const read = await supervisor.get(itemUrl(itemId));
      assert.equal(read.statusCode, 200);
      assert.doesNotMatch(read.body, /name="expectedEventCount"/);
    });

    it("answers 404 to another agency's item, whoever asks", async () => {
      const clItem = await drafted(editor, { bodyHtml: '<p>正文</p>' });
      const slEditor = await staff(f.ctx, f.sili.id, 'sl.editor.direct', ['editor']);
      const { itemId: slItem } = await createDraft(f.ctx, slEditor, {
        agencyId: f.sili.id,
        content: content({ title: '思礼镇公告', categoryCode: 'JC08' }),
      });
      // Another town's path: refused by the access rule.
      assert.equal((await siliEditor.get(itemUrl(clItem))).statusCode, 404);
      // Another town's item under one's own path.
      assert.equal((await editor.get(itemUrl(slItem))).statusCode, 404);
      assert.equal((await editor.get(`${itemUrl(slItem)}/edit`)).statusCode, 404);
      const page = await editor.get(itemUrl(clItem));
      const submit = await editor.post(`${itemUrl(slItem)}/submit`, { expectedEventCount: '1' });
      assert.equal(submit.statusCode, 404);
      assert.ok(page.statusCode === 200);
      // The region's supervisor sees both towns: the item still has to be the path's agency's.
      assert.equal((await supervisor.get(itemUrl(slItem))).statusCode, 404);
      assert.equal((await supervisor.get(itemUrl(slItem, f.sili.id))).statusCode, 200);
      assert.equal((await editor.get(itemUrl('00000000-0000-0000-0000-000000000000'))).statusCode, 404);
      assert.deepEqual(await eventTypes(slItem), ['created']);
    });

    it('refuses a stale form instead of applying it twice', async () => {
      const itemId = await drafted(editor, { bodyHtml: '<p>正文</p>' });
      // Two edit forms shown at once: the second one saved is refused, the draft has the first.
      const editPage = await editor.get(`${itemUrl(itemId)}/edit`);
      const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(
        editPage.body,
      )?.[1];
      assert.ok(action);
      const shownCount = eventCount(editPage.body);
      const save = (title: string) => {
        const body = multipart({
          expectedEventCount: shownCount,
          ...draftFields({ title, bodyHtml: '<p>正文</p>' }),
        });
        return f.app.inject({
          method: 'POST',
          url: unescapeHtml(action),
          remoteAddress: editor.ip,
          headers: { cookie: editor.cookieHeader(), 'content-type': body.contentType },
          payload: body.payload,
        });
      };
      assert.equal((await save('第一个表单的标题')).statusCode, 303);
      const stale = await save('过期表单的标题');
      assert.equal(stale.statusCode, 409, stale.body.slice(0, 300));
      assert.match(stale.body, /修改未保存/);
      assert.match(stale.body, /该信息已被他人更新，请刷新页面后重新操作/);
      let page = await editor.get(itemUrl(itemId));
      assert.match(page.body, /第一个表单的标题/);
      assert.doesNotMatch(page.body, /过期表单的标题/);
      assert.deepEqual(await eventTypes(itemId), ['created', 'edited']);
      // The same step form posted twice is recorded once.
      page = await editor.get(itemUrl(itemId));
      const count = eventCount(page.body);
      assert.equal(
        (await editor.post(`${itemUrl(itemId)}/submit`, { expectedEventCount: count })).statusCode,
        303,
      );
      const again = await editor.post(`${itemUrl(itemId)}/submit`, { expectedEventCount: count });
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /该信息已被他人更新，请刷新页面后重新操作/);
      assert.deepEqual(await eventTypes(itemId), ['created', 'edited', 'submitted']);
    });

    it('answers malformed forms with 400 and a Chinese sentence, never 500', async () => {
      const itemId = await drafted(editor, { bodyHtml: '<p>正文</p>' });
      const noVersion = await editor.post(`${itemUrl(itemId)}/submit`, {});
      assert.equal(noVersion.statusCode, 400);
      assert.match(noVersion.body, /表单缺少版本信息/);
      const nul = await editor.post(`${itemUrl(itemId)}/submit`, { expectedEventCount: '1\u0000' });
      assert.equal(nul.statusCode, 400);
      const badDate = await postDraft(
        editor,
        `${items()}/new`,
        draftFields({ formedOn: '2026-02-30', title: '' }),
      );
      assert.equal(badDate.statusCode, 400);
      assert.match(badDate.body, /成文日期不是有效日期/);
      assert.match(badDate.body, /请填写标题/);
      const badFile = await postDraft(editor, `${items()}/new`, draftFields(), [
        {
          filename: 'run.exe',
          type: 'application/octet-stream',
          content: new Uint8Array([0x4d, 0x5a, 1, 2]),
        },
      ]);
      assert.equal(badFile.statusCode, 400);
      assert.match(badFile.body, /格式不受支持/);
      await approver.get(items());
      // A multipart body cut short.
      const newPage = await editor.get(`${items()}/new`);
      const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(
        newPage.body,
      )?.[1];
      assert.ok(action);
      const cut = multipart(draftFields(), [
        { filename: 'a.pdf', type: 'application/pdf', content: TINY_PDF },
      ]);
      const truncated = await f.app.inject({
        method: 'POST',
        url: unescapeHtml(action),
        remoteAddress: editor.ip,
        headers: { cookie: editor.cookieHeader(), 'content-type': cut.contentType },
        payload: cut.payload.subarray(0, cut.payload.length - 60),
      });
      assert.equal(truncated.statusCode, 400);
      assert.match(truncated.body, /无法读取上传的内容/);
      const badPublish = await approver.post(`${itemUrl(itemId)}/publish`, {
        expectedEventCount: '1',
        when: 'scheduled',
        publishAt: '明天',
      });
      assert.equal(badPublish.statusCode, 400);
      const badList = await editor.get(`${items()}?status=${'x'.repeat(100)}`);
      assert.equal(badList.statusCode, 400);
      assert.deepEqual(await eventTypes(itemId), ['created']);
    });

    it('refuses an author approving, in Chinese', async () => {
      const itemId = await drafted(chief, { bodyHtml: '<p>正文</p>' });
      await stepOk(chief, itemId, 'submit');
      await stepOk(
        reviewer,
        itemId,
        'review',
        { checklist: [...CHECKLIST_IDS] },
        `${itemUrl(itemId)}/review`,
      );
      const refused = await step(chief, itemId, 'approve');
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /同一人不能既撰写又审批同一事项/);
      assert.ok(!(await eventTypes(itemId)).includes('approved'));
      // Returned to the drafter with a reason.
      await stepOk(approver, itemId, 'return', { reason: '请补充公示期' });
      const page = await chief.get(itemUrl(itemId));
      assert.match(page.body, /草稿/);
      assert.match(page.body, /理由：请补充公示期/);
    });

    it('flags a draft not published within 20 working days of being formed (条例第二十六条)', async () => {
      const old = await drafted(editor, {
        title: '早已形成的通知',
        formedOn: '2026-01-05',
        bodyHtml: '<p>x</p>',
      });
      const fresh = await drafted(editor, {
        title: '刚形成的通知',
        formedOn: '2026-02-27',
        bodyHtml: '<p>x</p>',
      });
      const list = await editor.get(items());
      const row = (id: string) =>
        new RegExp(`<tr id="item-${id}"[^>]*>.*?</tr>`, 's').exec(list.body)?.[0] ?? '';
      assert.match(row(old), /已超过二十个工作日/);
      assert.match(row(old), /2026-01-05/);
      assert.match(row(old), /草稿/);
      assert.doesNotMatch(row(fresh), /已超过二十个工作日/);
      const late = await editor.get(`${items()}?late=1`);
      assert.ok(late.body.includes(`item-${old}`));
      assert.ok(!late.body.includes(`item-${fresh}`));
      const page = await editor.get(itemUrl(old));
      assert.match(page.body, /【已超过二十个工作日】/);
      // Filters by phase and year.
      const drafts = await editor.get(`${items()}?status=published`);
      assert.ok(!drafts.body.includes(`item-${old}`));
      const lastYear = await editor.get(`${items()}?year=2025`);
      assert.ok(!lastYear.body.includes(`item-${old}`));
    });

    it('revises a published item into a new version, the old one public until the new is published', async () => {
      const itemId = await published({ title: '承留镇办事指南' });
      await stepOk(editor, itemId, 'revise');
      const edited = await postDraft(
        editor,
        `${itemUrl(itemId)}/edit`,
        draftFields({ title: '承留镇办事指南（修订）', bodyHtml: '<p>修订后的正文</p>' }),
      );
      assert.equal(edited.statusCode, 303, edited.body.slice(0, 500));
      const page = await editor.get(itemUrl(itemId));
      assert.match(page.body, /id="version-1"/);
      assert.match(page.body, /id="version-2"/);
      assert.match(page.body, /第1版（公开中）/);
      const visitor = new Browser(f.app, nextIp());
      assert.doesNotMatch((await visitor.get(portalItem(itemId))).body, /（修订）/);
      await stepOk(editor, itemId, 'submit');
      await stepOk(
        reviewer,
        itemId,
        'review',
        { checklist: [...CHECKLIST_IDS] },
        `${itemUrl(itemId)}/review`,
      );
      await stepOk(approver, itemId, 'approve');
      await stepOk(approver, itemId, 'publish', { when: 'now' });
      assert.match((await visitor.get(portalItem(itemId))).body, /承留镇办事指南（修订）/);
    });

    it('keeps a justified number with its reason, and escapes reasons typed by staff', async () => {
      const phone = '13812345678';
      const itemId = await drafted(editor, {
        title: '承留镇防汛值班安排',
        bodyHtml: `<p>值班电话：${phone}</p>`,
      });
      await stepOk(editor, itemId, 'submit');
      const reviewPage = `${itemUrl(itemId)}/review`;
      // Returned from the review page with a reason full of markup: shown as text.
      await stepOk(
        reviewer,
        itemId,
        'return',
        { reason: '<script>alert("reason")</script>请核对', from: 'review' },
        reviewPage,
      );
      let page = await editor.get(itemUrl(itemId));
      assert.ok(!page.body.includes('<script>alert("reason")'));
      assert.ok(
        page.body.includes('理由：&lt;script>alert(&#34;reason&#34;)&lt;/script>请核对'),
        'the reason as text',
      );
      await stepOk(editor, itemId, 'submit');
      const shown = await reviewer.get(reviewPage);
      const key = /name="findingKey" value="([^"]+)"/.exec(shown.body)?.[1];
      assert.ok(key, 'each finding has its reason field');
      assert.match(shown.body, /正文第\d+字起：手机号码 138\*\*\*\*5678/);
      await stepOk(
        reviewer,
        itemId,
        'review',
        { checklist: [...CHECKLIST_IDS], findingKey: key, findingReason: '值班电话须向社会公布' },
        reviewPage,
      );
      await stepOk(approver, itemId, 'approve');
      await stepOk(approver, itemId, 'publish', { when: 'now' });
      page = await approver.get(itemUrl(itemId));
      assert.match(page.body, /138\*\*\*\*5678：值班电话须向社会公布/);
      assert.ok((await new Browser(f.app, nextIp()).get(portalItem(itemId))).body.includes(phone));
    });

    it('publishes at a set time: 定时发布 until then, public from then', async () => {
      const itemId = await drafted(editor, { title: '承留镇定时发布的通知', bodyHtml: '<p>x</p>' });
      await stepOk(editor, itemId, 'submit');
      await stepOk(
        reviewer,
        itemId,
        'review',
        { checklist: [...CHECKLIST_IDS] },
        `${itemUrl(itemId)}/review`,
      );
      await stepOk(approver, itemId, 'approve');
      const response = await stepOk(approver, itemId, 'publish', {
        when: 'scheduled',
        publishAt: '2026-03-03T09:00',
      });
      assert.match(String(response.headers.location), /done=scheduled$/);
      const page = await approver.get(itemUrl(itemId));
      assert.match(page.body, /定时发布/);
      assert.match(page.body, /2026-03-03 09:00/);
      assert.ok((await editor.get(`${items()}?status=scheduled`)).body.includes(`item-${itemId}`));
      const visitor = new Browser(f.app, nextIp());
      assert.equal((await visitor.get(portalItem(itemId))).statusCode, 404);
      const now = f.clock.now;
      try {
        f.clock.now = new Date('2026-03-03T01:00:00.000Z');
        assert.equal((await visitor.get(portalItem(itemId))).statusCode, 200);
      } finally {
        f.clock.now = now;
      }
    });

    it('lets staff download an attachment of the item, as a download', async () => {
      const itemId = await drafted(editor, { bodyHtml: '<p>x</p>' }, [
        { filename: '补助名单.pdf', type: 'application/pdf', content: TINY_PDF },
      ]);
      const page = await reviewer.get(itemUrl(itemId));
      const href = new RegExp(`href="(${itemUrl(itemId)}/attachments/[0-9a-f-]{36})"`).exec(page.body)?.[1];
      assert.ok(href, 'a link to the attachment');
      const file = await reviewer.get(href);
      assert.equal(file.statusCode, 200);
      assert.equal(file.headers['content-type'], 'application/pdf');
      assert.equal(file.headers['x-content-type-options'], 'nosniff');
      assert.match(String(file.headers['content-disposition']), /^attachment;.*filename\*=UTF-8''%E8%A1%A5/);
      assert.equal(file.rawPayload.byteLength, TINY_PDF.byteLength);
      assert.equal((await siliEditor.get(href.replace(f.chengliu.id, f.sili.id))).statusCode, 404);
    });

    it('counts publications per channel, with those registered elsewhere', async () => {
      const before = await editor.get(items());
      const count = (html: string, channel: string) =>
        Number(new RegExp(`<tr id="channel-${channel}">.*?<td>(\\d+)</td>`, 's').exec(html)?.[1]);
      const portal = count(before.body, 'portal');
      assert.equal(count(before.body, 'wechat'), 0);
      await published({ title: '公众号同步发布的通知' });
      const noLink = await editor.post(`${items()}/channels`, {
        channel: 'wechat',
        title: '公众号同步发布的通知',
        url: '',
        publishedOn: '2026-03-01',
      });
      assert.equal(noLink.statusCode, 400);
      assert.match(noLink.body, /请填写发布链接/);
      const ok = await editor.post(`${items()}/channels`, {
        channel: 'wechat',
        title: '公众号同步发布的通知',
        url: 'https://mp.weixin.qq.com/s/abcdef',
        publishedOn: '2026-03-01',
      });
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 500));
      const afterwards = await editor.get(items());
      assert.equal(count(afterwards.body, 'portal'), portal + 1);
      assert.equal(count(afterwards.body, 'wechat'), 1);
      assert.equal((await reviewer.post(`${items()}/channels`, { channel: 'wechat' })).statusCode, 403);
    });

    it('renames a default category and adds one; the portal catalogue shows them', async () => {
      const page = await editor.get(`/office/agencies/${f.chengliu.id}/catalogue`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /id="category-JC08"/);
      const renamed = await editor.post(`/office/agencies/${f.chengliu.id}/catalogue`, {
        code: 'JC08',
        name: '农村危房改造专栏',
      });
      assert.equal(renamed.statusCode, 303, renamed.body.slice(0, 500));
      const added = await editor.post(`/office/agencies/${f.chengliu.id}/catalogue`, {
        name: '本镇<b>公告</b>',
      });
      assert.equal(added.statusCode, 400, 'angle brackets are refused');
      assert.equal(
        (await editor.post(`/office/agencies/${f.chengliu.id}/catalogue`, { name: '本镇通知公告' }))
          .statusCode,
        303,
      );
      const empty = await editor.post(`/office/agencies/${f.chengliu.id}/catalogue`, {
        code: 'JC08',
        name: '',
      });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /请填写栏目名称/);
      const portal = await new Browser(f.app, nextIp()).get(`/agencies/${f.chengliu.id}/items`);
      assert.match(portal.body, /农村危房改造专栏/);
      assert.match(portal.body, /本镇通知公告/);
      assert.match(
        (await editor.get(`${items()}/new`)).body,
        /<option value="ZD001"[^>]*>本镇通知公告<\/option>/,
      );
      // Hidden: no longer offered to drafts, nor on the portal.
      const hidden = await editor.post(`/office/agencies/${f.chengliu.id}/catalogue`, {
        code: 'ZD001',
        name: '本镇通知公告',
        hidden: '1',
      });
      assert.equal(hidden.statusCode, 303);
      assert.match((await editor.get(`/office/agencies/${f.chengliu.id}/catalogue`)).body, /已隐藏/);
      assert.doesNotMatch((await editor.get(`${items()}/new`)).body, /本镇通知公告/);
      assert.doesNotMatch(
        (await new Browser(f.app, nextIp()).get(`/agencies/${f.chengliu.id}/items`)).body,
        /本镇通知公告/,
      );
      assert.equal((await reviewer.get(`/office/agencies/${f.chengliu.id}/catalogue`)).statusCode, 403);
    });
  });
}
