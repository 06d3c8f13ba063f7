// The dashboard puts the deadlines first: the handler of a town sees its applications that are due
// soon or overdue, linked to the application; staff of another town see none of them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { recordReminders, submitOnlineApplication } from '../../src/applications/index.ts';
import { intake } from '../../src/applications/testing.ts';
import { currentWorkingDayCalendar } from '../../src/calendar/index.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import { Browser, createWebFixture, type WebFixture } from '../../src/web/testing.ts';

for (const engine of ENGINES) {
  describe(`到期提醒 on the dashboard on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    before(async () => {
      f = await createWebFixture(engine);
    });
    after(async () => f?.close());

    it('lists the due-soon and overdue applications of the user’s agencies, linked, and no others', async () => {
      // Received Monday 2026-03-02: due 2026-03-30.
      const app = await submitOnlineApplication(f.ctx, intake(f.sili.id));
      const clerk = new Browser(f.app, '198.51.100.91');
      await clerk.signIn('sili.clerk');
      let page = await clerk.get('/office');
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /到期提醒/, 'nothing due yet');

      // 2026-03-26: 3 working days left → 即将到期.
      f.clock.now = new Date('2026-03-26T01:00:00.000Z');
      await recordReminders(f.database.db, f.clock.now, await currentWorkingDayCalendar(f.database.db));
      const fresh = new Browser(f.app, '198.51.100.92');
      await fresh.signIn('sili.clerk');
      page = await fresh.get('/office');
      assert.match(page.body, /到期提醒/);
      assert.ok(page.body.includes(app.trackingNumber));
      assert.ok(page.body.includes(`/office/agencies/${f.sili.id}/applications/${app.applicationId}`));
      assert.match(page.body, /即将到期/);

      // 2026-03-31: overdue.
      f.clock.now = new Date('2026-03-31T01:00:00.000Z');
      await recordReminders(f.database.db, f.clock.now, await currentWorkingDayCalendar(f.database.db));
      const later = new Browser(f.app, '198.51.100.93');
      await later.signIn('sili.clerk');
      assert.match((await later.get('/office')).body, /【已超期】/);

      const other = new Browser(f.app, '198.51.100.94');
      await other.signIn('chengliu.admin');
      const theirs = await other.get('/office');
      assert.equal(theirs.statusCode, 200);
      assert.ok(!theirs.body.includes(app.trackingNumber));
    });
  });
}
