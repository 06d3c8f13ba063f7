// The 机构设置 page: the admin of an agency fills in the contact details of its 公开指南 and the other
// settings; a wrong field is named beside it and nothing is saved; an emptied field removes its
// setting; the portal's guide shows the new contact at once (the page cache forgets it); others are
// refused as on every agency page, a form without its CSRF token too. The agency's own annual-report
// deadline is its supervisor's: shown read-only to its own admin, refused if posted anyway, and not
// offered at all to a 村（社区）, which publishes no report.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseSettings } from '../../src/agencies/agency.ts';
import {
  changePassword,
  createAgency,
  createUser,
  grantRole,
  login,
  resolveSession,
  systemActor,
  updateAgency,
} from '../../src/agencies/index.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import {
  Browser,
  createWebFixture,
  TEST_PASSWORD,
  unescapeHtml,
  type WebFixture,
} from '../../src/web/testing.ts';

const SYSTEM = systemActor('agency-settings-test');
const textOf = (html: string) => unescapeHtml(html.replace(/<[^>]+>/g, ''));

const FILLED = {
  name: '思礼镇',
  creditCode: '',
  office: '思礼镇党政综合办公室',
  address: '济源市思礼镇思礼大街8号',
  postcode: '459000',
  hours: '法定工作日 上午8:30—12:00',
  phone: '0391-6622345、12345',
  fax: '0391-6622346',
  email: 'gongkai@sili.example.gov.cn',
  letterPrefix: '思政公开',
  reminderEmail: 'tixing@sili.example.gov.cn',
  complaintDeadlineDays: '15',
  enforceTotp: '',
};

for (const engine of ENGINES) {
  describe(`agency settings page on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    let admin: Browser;
    let url: string;

    before(async () => {
      f = await createWebFixture(engine);
      admin = new Browser(f.app, '198.51.100.81');
      assert.equal((await admin.signIn('sili.admin')).statusCode, 303);
      url = `/office/agencies/${f.sili.id}/settings`;
    });
    after(async () => f?.close());

    async function stored() {
      const row = await f.database.db
        .selectFrom('agencies')
        .select(['name', 'settings'])
        .where('id', '=', f.sili.id)
        .executeTakeFirstOrThrow();
      return { name: row.name, settings: parseSettings(row.settings) };
    }

    const auditCount = async () =>
      Number(
        (
          await f.database.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('action', '=', 'agency.update')
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('is linked from the agency list and shows each default beside its empty field', async () => {
      const list = await admin.get('/office/agencies');
      assert.ok(list.body.includes(`href="${url}"`), 'a 机构设置 link for the admin');
      const page = await admin.get(url);
      assert.equal(page.statusCode, 200);
      const text = textOf(page.body);
      for (const section of [
        '基本信息',
        '政府信息公开工作机构联系方式',
        '依申请公开',
        '政府信息公开工作年度报告',
        '效能投诉',
        '安全',
      ])
        assert.match(text, new RegExp(section));
      assert.match(text, /不填时为“思礼镇依申请公开”/);
      assert.match(text, /不填时为 10 个工作日/);
      assert.match(text, /显示为“未设置”/);
      assert.match(text, /乡镇（街道）年度报告：次年1月31日前/);
      // A town without agencies below it sets no per-kind deadline.
      assert.doesNotMatch(text, /下级.*的发布期限/);
      assert.ok(page.body.includes(`href="/agencies/${f.sili.id}/guide"`));
    });

    it('saves the settings, audits them, and the portal guide shows the new contact at once', async () => {
      const visitor = new Browser(f.app, '198.51.100.82');
      const guideUrl = `/agencies/${f.sili.id}/guide`;
      const beforeGuide = textOf((await visitor.get(guideUrl)).body);
      assert.match(beforeGuide, /政府信息公开工作机构未设置/);
      // Asked again: from the page cache.
      assert.match(textOf((await visitor.get(guideUrl)).body), /政府信息公开工作机构未设置/);
      const audits = await auditCount();

      await admin.get(url);
      const saved = await admin.post(url, FILLED);
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
      assert.equal(saved.headers.location, `${url}?done=saved`);
      const { settings } = await stored();
      assert.deepEqual(settings.contact, {
        office: '思礼镇党政综合办公室',
        address: '济源市思礼镇思礼大街8号',
        postcode: '459000',
        phone: '0391-6622345、12345',
        fax: '0391-6622346',
        email: 'gongkai@sili.example.gov.cn',
        hours: '法定工作日 上午8:30—12:00',
      });
      assert.equal(settings.letterPrefix, '思政公开');
      assert.equal(settings.reminderEmail, 'tixing@sili.example.gov.cn');
      assert.equal('reportDeadline' in settings, false, 'the own admin sets no deadline');
      assert.equal(settings.complaintDeadlineDays, 15);
      assert.equal('enforceTotp' in settings, false);

      const shown = await admin.get(`${url}?done=saved`);
      assert.match(shown.body, /机构设置已保存/);
      assert.ok(shown.body.includes('value="思礼镇党政综合办公室"'));

      const guide = textOf((await visitor.get(guideUrl)).body);
      assert.match(guide, /政府信息公开工作机构思礼镇党政综合办公室/);
      assert.match(guide, /联系电话0391-6622345、12345/);
      assert.match(guide, /邮政编码：459000/);

      assert.equal(await auditCount(), audits + 1);
      const audit = await f.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'agency.update')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(audit.agency_id, f.sili.id);
      assert.equal(audit.user_id, f.users.siliAdmin.id);
      assert.deepEqual(JSON.parse(audit.details).changed.sort(), [
        'settings.complaintDeadlineDays',
        'settings.contact',
        'settings.letterPrefix',
        'settings.reminderEmail',
      ]);

      // The same form again changes nothing and writes no audit row.
      await admin.get(url);
      const again = await admin.post(url, FILLED);
      assert.equal(again.headers.location, `${url}?done=unchanged`);
      assert.equal(await auditCount(), audits + 1);
    });

    it('names each wrong field beside it, keeps what was typed (escaped) and saves nothing', async () => {
      const before = await stored();
      const audits = await auditCount();
      await admin.get(url);
      const response = await admin.post(url, {
        ...FILLED,
        office: '"><script>alert(1)</script>办公室',
        postcode: '45900',
        phone: '6622345',
        email: 'gongkai at sili',
        letterPrefix: '思政〔2026〕',
        complaintDeadlineDays: '90',
      });
      assert.equal(response.statusCode, 400);
      const body = response.body;
      // The typed text comes back in its attribute, unable to close it.
      assert.ok(!body.includes('"><script>'), 'the quote is escaped');
      const office = /id="settings-office" name="office" value="([^"]*)"/.exec(body)?.[1];
      assert.equal(office, '&#34;><script>alert(1)</script>办公室');
      assert.ok(body.includes('value="45900"'));
      assert.ok(body.includes('value="gongkai at sili"'));
      assert.match(textOf(body), /有 5 处问题，设置均未保存/);
      // The summary links each problem to its field, in the order of the form.
      const links = [...body.matchAll(/<li><a href="#(settings-[A-Za-z]+)"/g)].map((m) => m[1]);
      assert.deepEqual(links, [
        'settings-postcode',
        'settings-phone',
        'settings-email',
        'settings-letterPrefix',
        'settings-complaintDeadlineDays',
      ]);
      for (const id of links) {
        assert.ok(body.includes(`id="${id}"`), `${id} is a field of the page`);
        assert.match(
          body,
          new RegExp(`id="${id}"[^>]*aria-describedby="[^"]*${id}-error"[^>]*aria-invalid="true"`),
        );
      }
      const errorOf = (field: string) =>
        unescapeHtml(new RegExp(`id="settings-${field}-error"[^>]*>([^<]*)<`).exec(body)?.[1] ?? '');
      assert.equal(errorOf('postcode'), '邮政编码应为6位数字');
      assert.match(errorOf('phone'), /^联系电话“6622345”格式不正确/);
      assert.match(errorOf('email'), /^电子邮箱格式不正确/);
      assert.match(errorOf('letterPrefix'), /不含年份和括号/);
      assert.equal(errorOf('complaintDeadlineDays'), '效能投诉的答复期限应为 1 至 60 个工作日');
      assert.match(body, /aria-invalid="true"/);
      assert.deepEqual(await stored(), before);
      assert.equal(await auditCount(), audits);
    });

    it('removes a setting whose field is emptied: the default applies again', async () => {
      await admin.get(url);
      const response = await admin.post(url, { ...FILLED, letterPrefix: '', reminderEmail: '', fax: '' });
      assert.equal(response.statusCode, 303);
      const { settings } = await stored();
      assert.equal('letterPrefix' in settings, false);
      assert.equal('reminderEmail' in settings, false);
      assert.equal(settings.contact?.fax, undefined);
      assert.equal(settings.contact?.office, '思礼镇党政综合办公室');
      const page = textOf((await admin.get(url)).body);
      assert.match(page, /不填时发送到联系方式中的电子邮箱（gongkai@sili.example.gov.cn）/);
    });

    it('refuses a name another agency under the same parent holds, beside the name', async () => {
      await admin.get(url);
      const response = await admin.post(url, { ...FILLED, name: '承留镇' });
      assert.equal(response.statusCode, 409);
      assert.match(textOf(response.body), /同一上级机构下已有名为“承留镇”的机构/);
      assert.ok(response.body.includes('id="settings-name-error"'));
      assert.equal((await stored()).name, '思礼镇');
    });

    it('lets a town with departments below it set their deadline', async () => {
      await createAgency(f.ctx, SYSTEM, { parentId: f.sili.id, kind: 'department', name: '思礼镇财政所' });
      const page = await admin.get(url);
      assert.match(textOf(page.body), /下级部门的发布期限/);
      assert.equal((await admin.post(url, { ...FILLED, deadlineDepartment: '１月２０日' })).statusCode, 303);
      assert.deepEqual((await stored()).settings.reportDeadlines, { department: '01-20' });
      await admin.get(url);
      const bad = await admin.post(url, { ...FILLED, deadlineDepartment: '04-31' });
      assert.equal(bad.statusCode, 400);
      assert.ok(bad.body.includes('id="settings-deadlineDepartment-error"'));
      assert.deepEqual((await stored()).settings.reportDeadlines, { department: '01-20' });
    });

    it('refuses a form without its CSRF token, and writes nothing', async () => {
      const before = await stored();
      await admin.get(url);
      const response = await admin.post(url, { ...FILLED, office: '改过的办公室' }, { csrf: false });
      assert.equal(response.statusCode, 403);
      const forged = await admin.post(url, { ...FILLED, office: '改过的办公室' }, { csrf: 'forged' });
      assert.equal(forged.statusCode, 403);
      assert.deepEqual(await stored(), before);
    });

    it('is closed to another town’s admin (404) and to staff of the town without the admin role (403)', async () => {
      const before = await stored();
      const other = new Browser(f.app, '198.51.100.83');
      await other.signIn('chengliu.admin');
      assert.equal((await other.get(url)).statusCode, 404);
      await other.get('/office');
      assert.equal((await other.post(url, { ...FILLED, office: '别人改的' })).statusCode, 404);
      const clerk = new Browser(f.app, '198.51.100.84');
      await clerk.signIn('sili.clerk');
      assert.equal((await clerk.get(url)).statusCode, 403);
      await clerk.get('/office');
      assert.equal((await clerk.post(url, { ...FILLED, office: '办理人改的' })).statusCode, 403);
      assert.deepEqual(await stored(), before);
      // The agency list shows the link only to the admin.
      assert.doesNotMatch((await clerk.get('/office/agencies')).body, /机构设置/);
    });

    async function principalOf(username: string) {
      const { token } = await login(f.ctx, { username, password: TEST_PASSWORD });
      const principal = await resolveSession(f.ctx, token);
      assert.ok(principal);
      return principal;
    }

    /** A settled user of the region holding admin over the region and everything below it. */
    async function regionAdmin(username: string): Promise<{ browser: Browser; id: string }> {
      const { user, initialPassword } = await createUser(f.ctx, SYSTEM, {
        agencyId: f.region.id,
        username,
        displayName: username,
        roles: [],
      });
      await grantRole(f.ctx, SYSTEM, {
        userId: user.id,
        agencyId: f.region.id,
        role: 'admin',
        includeSubtree: true,
      });
      const { token } = await login(f.ctx, { username, password: initialPassword });
      const principal = await resolveSession(f.ctx, token);
      assert.ok(principal);
      await changePassword(f.ctx, principal, { current: initialPassword, next: TEST_PASSWORD });
      const browser = new Browser(f.app, '198.51.100.85');
      assert.equal((await browser.signIn(username)).statusCode, 303);
      return { browser, id: user.id };
    }

    it('shows the own deadline read-only to the agency’s admin, with why and the date in force, and refuses it posted anyway', async () => {
      const chengliu = new Browser(f.app, '198.51.100.86');
      await chengliu.signIn('chengliu.admin');
      const chengliuUrl = `/office/agencies/${f.chengliu.id}/settings`;
      const page = await chengliu.get(chengliuUrl);
      assert.equal(page.statusCode, 200);
      assert.ok(!page.body.includes('name="reportDeadline"'), 'no field to type a deadline into');
      const text = textOf(page.body);
      assert.match(text, /由上级机构设定（条例第四十九条），本机构的管理员不能设定、修改或取消/);
      // On 2 March 2026 the report of 2025 was due on 31 January 2026.
      assert.match(
        text,
        /2026年发布上一年度报告的期限：2026-01-31，依据：乡镇（街道）年度报告：次年1月31日前/,
      );

      const before = await f.database.db
        .selectFrom('agencies')
        .select('settings')
        .where('id', '=', f.chengliu.id)
        .executeTakeFirstOrThrow();
      // The review's case: postponing its own deadline to the end of the year, so as never to be overdue.
      const refused = await chengliu.post(chengliuUrl, { name: '承留镇', reportDeadline: '12-31' });
      assert.equal(refused.statusCode, 403);
      assert.match(textOf(refused.body), /本机构的管理员不能设定、修改或取消/);
      const after = await f.database.db
        .selectFrom('agencies')
        .select('settings')
        .where('id', '=', f.chengliu.id)
        .executeTakeFirstOrThrow();
      assert.equal(after.settings, before.settings);
      // The use case refuses it whatever the edge.
      await assert.rejects(
        updateAgency(f.ctx, await principalOf('chengliu.admin'), {
          agencyId: f.chengliu.id,
          settings: { reportDeadline: '12-31' },
        }),
        { code: 'access.forbidden' },
      );
    });

    it('lets the admin of the supervising region set, change and remove a town’s deadline', async () => {
      const { browser: region } = await regionAdmin('jy.admin');
      const page = await region.get(url);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes('name="reportDeadline"'), 'the supervisor types the deadline');
      const saved = await region.post(url, { ...FILLED, reportDeadline: '1月25日' });
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
      assert.equal((await stored()).settings.reportDeadline, '01-25');
      // The town's own admin sees it in force, and cannot change it.
      const text = textOf((await admin.get(url)).body);
      assert.match(text, /期限：2026-01-25/);
      await admin.get(url);
      assert.equal((await admin.post(url, { ...FILLED, reportDeadline: '02-28' })).statusCode, 403);
      // Nor remove it through the use case.
      await assert.rejects(
        updateAgency(f.ctx, await principalOf('sili.admin'), {
          agencyId: f.sili.id,
          settings: { reportDeadline: null },
        }),
        { code: 'access.forbidden' },
      );
      // Saving the rest of the form leaves the deadline as the supervisor set it.
      await admin.get(url);
      assert.equal((await admin.post(url, { ...FILLED, hours: '工作日' })).statusCode, 303);
      assert.equal((await stored()).settings.reportDeadline, '01-25');
      await region.get(url);
      assert.equal(
        (await region.post(url, { ...FILLED, hours: '工作日', reportDeadline: '' })).statusCode,
        303,
      );
      assert.equal('reportDeadline' in (await stored()).settings, false);
    });

    it('offers a village no annual-report deadline and refuses one', async () => {
      const village = await createAgency(f.ctx, SYSTEM, {
        parentId: f.sili.id,
        kind: 'village',
        name: '思礼村',
      });
      const { browser: region } = await regionAdmin('jy.admin2');
      const villageUrl = `/office/agencies/${village.id}/settings`;
      const page = await region.get(villageUrl);
      assert.equal(page.statusCode, 200);
      assert.ok(!page.body.includes('name="reportDeadline"'));
      assert.doesNotMatch(textOf(page.body), /年度报告发布期限|政府信息公开工作年度报告/);
      const refused = await region.post(villageUrl, { name: '思礼村', reportDeadline: '01-31' });
      assert.equal(refused.statusCode, 400);
      assert.match(textOf(refused.body), /村（社区）不发布政府信息公开工作年度报告，不设年度报告发布期限/);
      const row = await f.database.db
        .selectFrom('agencies')
        .select('settings')
        .where('id', '=', village.id)
        .executeTakeFirstOrThrow();
      assert.equal('reportDeadline' in parseSettings(row.settings), false);
    });

    it('takes the report year in Beijing: at 01:00 on 1 January in Beijing the report of the year just ended is due', async () => {
      const saved = f.clock.now;
      try {
        // 31 December 2026 17:00 UTC is 1 January 2027 01:00 in Beijing.
        f.clock.now = new Date('2026-12-31T17:00:00.000Z');
        const chengliu = new Browser(f.app, '198.51.100.87');
        await chengliu.signIn('chengliu.admin');
        const text = textOf((await chengliu.get(`/office/agencies/${f.chengliu.id}/settings`)).body);
        assert.match(text, /2027年发布上一年度报告的期限：2027-01-31/);
      } finally {
        f.clock.now = saved;
      }
    });
  });
}
