// The auditor browses and exports the audit log of the agencies they audit, and nothing else.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { changePassword, createUser, login, resolveSession, systemActor } from '../../src/agencies/index.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import { Browser, createWebFixture, TEST_PASSWORD, type WebFixture } from '../../src/web/testing.ts';

for (const engine of ENGINES) {
  describe(`the audit log in the back office on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let fixture: WebFixture;
    let auditor: Browser;
    before(async () => {
      fixture = await createWebFixture(engine);
      const { ctx } = fixture;
      const created = await createUser(ctx, systemActor('test'), {
        agencyId: fixture.chengliu.id,
        username: 'chengliu.auditor',
        displayName: '审计员',
        roles: ['auditor'],
      });
      const { token } = await login(ctx, { username: 'chengliu.auditor', password: created.initialPassword });
      const principal = await resolveSession(ctx, token);
      await changePassword(ctx, principal!, { current: created.initialPassword, next: TEST_PASSWORD });
      // Something to audit in both towns.
      await new Browser(fixture.app).signIn(fixture.users.chengliuAdmin.username);
      await new Browser(fixture.app).signIn(fixture.users.siliAdmin.username);
      auditor = new Browser(fixture.app);
      await auditor.signIn('chengliu.auditor');
    });
    after(async () => {
      await fixture?.close();
    });

    it('links the audit log from the dashboard of an auditor', async () => {
      const page = await auditor.get('/office');
      assert.match(
        page.body,
        new RegExp(`href="/office/agencies/${fixture.chengliu.id}/audit">查看审计日志`),
      );
    });

    it("lists the town's records with user names, newest first, and none of the other town's", async () => {
      const page = await auditor.get(`/office/agencies/${fixture.chengliu.id}/audit`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /审计日志：<span>承留镇<\/span>/);
      assert.match(page.body, /chengliu\.admin/);
      assert.match(page.body, /auth\.login/);
      assert.doesNotMatch(page.body, /sili\.admin/);
      const seqs = [...page.body.matchAll(/<td data-label="序号">(\d+)<\/td>/g)].map((m) => Number(m[1]));
      assert.ok(seqs.length > 2);
      assert.deepEqual(
        seqs,
        [...seqs].sort((a, b) => b - a),
      );
    });

    it('filters by action', async () => {
      const page = await auditor.get(`/office/agencies/${fixture.chengliu.id}/audit?action=user.create`);
      assert.match(page.body, /user\.create/);
      assert.doesNotMatch(page.body, /<td data-label="操作">auth\.login<\/td>/);
    });

    it('exports CSV for Excel, and the export is itself audited', async () => {
      const csv = await auditor.get(`/office/agencies/${fixture.chengliu.id}/audit.csv`);
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      assert.match(String(csv.headers['content-disposition']), /attachment/);
      assert.ok(csv.body.startsWith('\ufeff序号,时间（UTC）,用户,机构,操作'));
      assert.match(csv.body, /auth\.login/);
      assert.doesNotMatch(csv.body, /Gongkai-Test-2026|initialPassword|""password""|token/i);
      const page = await auditor.get(`/office/agencies/${fixture.chengliu.id}/audit?action=audit.export`);
      assert.match(page.body, /<td data-label="操作">audit\.export<\/td>/);
    });

    it("answers 404 for another town's log and 403 for a non-auditor of the town", async () => {
      assert.equal((await auditor.get(`/office/agencies/${fixture.sili.id}/audit`)).statusCode, 404);
      assert.equal((await auditor.get(`/office/agencies/${fixture.sili.id}/audit.csv`)).statusCode, 404);
      const admin = new Browser(fixture.app);
      await admin.signIn(fixture.users.chengliuAdmin.username);
      assert.equal((await admin.get(`/office/agencies/${fixture.chengliu.id}/audit`)).statusCode, 403);
      const anonymous = await new Browser(fixture.app).get(`/office/agencies/${fixture.chengliu.id}/audit`);
      assert.equal(anonymous.statusCode, 303);
    });

    it('rejects a malformed date with a Chinese 400', async () => {
      const page = await auditor.get(`/office/agencies/${fixture.chengliu.id}/audit?from=2026-99`);
      assert.equal(page.statusCode, 400);
      assert.match(page.body, /起始日期/);
    });
  });
}
