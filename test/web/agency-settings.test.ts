// The 机构设置 page: the admin of an agency fills in the contact details of its 公开指南 and the other
// settings; a wrong field is named beside it and nothing is saved; an emptied field removes its
// setting; the portal's guide shows the new contact at once (the page cache forgets it); others are
// refused as on every agency page, a form without its CSRF token too.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseSettings } from '../../src/agencies/agency.ts';
import { createAgency, systemActor } from '../../src/agencies/index.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import { Browser, createWebFixture, unescapeHtml, type WebFixture } from '../../src/web/testing.ts';

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
  reportDeadline: '1月25日',
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
      assert.equal(settings.reportDeadline, '01-25');
      assert.equal(settings.complaintDeadlineDays, 15);
      assert.equal('enforceTotp' in settings, false);

      const shown = await admin.get(`${url}?done=saved`);
      assert.match(shown.body, /机构设置已保存/);
      assert.ok(shown.body.includes('value="思礼镇党政综合办公室"'));
      assert.ok(shown.body.includes('value="01-25"'));

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
        'settings.reportDeadline',
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
        reportDeadline: '02-30',
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
      assert.match(body, /有 6 处填写有误/);
      const errorOf = (field: string) =>
        unescapeHtml(new RegExp(`id="settings-${field}-error"[^>]*>([^<]*)<`).exec(body)?.[1] ?? '');
      assert.equal(errorOf('postcode'), '邮政编码应为6位数字');
      assert.match(errorOf('phone'), /^联系电话“6622345”格式不正确/);
      assert.match(errorOf('email'), /^电子邮箱格式不正确/);
      assert.match(errorOf('letterPrefix'), /不含年份和括号/);
      assert.equal(errorOf('reportDeadline'), '年度报告发布期限应写为“月-日”，如“01-31”');
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
  });
}
