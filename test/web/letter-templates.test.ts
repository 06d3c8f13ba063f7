// An agency words its own letters: handlers edit a template, a broken one is refused at save time
// (never when a letter is issued), and the next letter follows the saved wording.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/agencies/index.ts';
import { recordApplicationEvent, submitOnlineApplication } from '../../src/applications/index.ts';
import { DEFAULT_TEMPLATES } from '../../src/applications/letters/index.ts';
import { intake } from '../../src/applications/testing.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import { Browser, createWebFixture, unescapeHtml, type WebFixture } from '../../src/web/testing.ts';

for (const engine of ENGINES) {
  describe(`letter templates in the back office on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    let clerk: Browser;
    let base: string;

    before(async () => {
      f = await createWebFixture(engine);
      clerk = new Browser(f.app, '198.51.100.71');
      assert.equal((await clerk.signIn('sili.clerk')).statusCode, 303);
      base = `/office/agencies/${f.sili.id}/letter-templates`;
    });
    after(async () => f?.close());

    it('lists the five letters with the default wording', async () => {
      const page = await clerk.get(base);
      assert.equal(page.statusCode, 200);
      for (const title of ['补正告知书', '延期答复告知书', '征求意见函', '收费通知', '答复告知书'])
        assert.match(page.body, new RegExp(title));
      assert.equal((page.body.match(/默认模板/g) ?? []).length, 5);
    });

    it('refuses a broken template with the reasons, keeps the text, and writes nothing', async () => {
      await clerk.get(`${base}?kind=supplement_notice`);
      const broken = '{{applicantName}}：\n请补正：{{unknownField}}';
      const response = await clerk.post(base, { kind: 'supplement_notice', body: broken, action: 'save' });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /文书模板有误/);
      assert.match(unescapeHtml(response.body), /unknownField/);
      assert.ok(unescapeHtml(response.body).includes(broken));
      const rows = await f.database.db.selectFrom('letter_templates').selectAll().execute();
      assert.equal(rows.length, 0);
    });

    it('saves a reworded template and the next 补正告知书 uses it; 恢复默认 goes back', async () => {
      const reworded = DEFAULT_TEMPLATES.supplement_notice.replace(/^/, '本机关已收到您的申请。\n');
      await clerk.get(`${base}?kind=supplement_notice`);
      const saved = await clerk.post(base, { kind: 'supplement_notice', body: reworded, action: 'save' });
      assert.equal(saved.statusCode, 303);
      const app = await submitOnlineApplication(f.ctx, intake(f.sili.id));
      await recordApplicationEvent(f.ctx, systemActor('test'), app.applicationId, {
        type: 'supplement_requested',
        at: '2026-03-02',
        items: ['请写明所需信息的名称'],
        correctionDue: '2026-03-16',
      });
      const letter = await f.database.db.selectFrom('letters').select('content').executeTakeFirstOrThrow();
      assert.match(letter.content, /本机关已收到您的申请。/);
      await clerk.get(`${base}?kind=supplement_notice`);
      assert.equal((await clerk.post(base, { kind: 'supplement_notice', action: 'reset' })).statusCode, 303);
      assert.equal((await f.database.db.selectFrom('letter_templates').selectAll().execute()).length, 0);
    });

    it('is not open to another town or to an admin without the handler role', async () => {
      const other = new Browser(f.app, '198.51.100.72');
      await other.signIn('chengliu.admin');
      assert.equal((await other.get(base)).statusCode, 404);
      const admin = new Browser(f.app, '198.51.100.73');
      await admin.signIn('sili.admin');
      assert.equal((await admin.get(base)).statusCode, 403);
      await admin.get('/office');
      assert.equal((await admin.post(base, { kind: 'reply', body: 'x', action: 'save' })).statusCode, 403);
    });
  });
}
