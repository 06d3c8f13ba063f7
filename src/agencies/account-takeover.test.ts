// A town admin must not take over an account that reaches beyond the town (review finding).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import { DomainError } from '../kernel/errors.ts';
import { createUser } from './create-user.ts';
import { grantRole } from './grant-role.ts';
import { login } from './login.ts';
import type { Principal } from './principal.ts';
import { resetPassword } from './reset-password.ts';
import { setUserDisabled } from './set-user-disabled.ts';
import { buildFixture, type Fixture, SYSTEM, signIn, type TestContext, testContext } from './testing.ts';

const forbidden = (error: unknown) => error instanceof DomainError && error.code === 'access.forbidden';

for (const engine of ENGINES) {
  describe(`account takeover by a lower admin on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    let ctx: TestContext;
    let fixture: Fixture;
    let regionalId: string;
    let clerkId: string;
    let siliAdmin: Principal;
    let chengliuAdmin: Principal;
    before(async () => {
      database = await createTestDatabase(engine);
      ctx = testContext(database);
      fixture = await buildFixture(ctx);
      // Lives in 思礼镇 but administers the whole region.
      const regional = await createUser(ctx, SYSTEM, {
        agencyId: fixture.sili,
        username: 'sl-regional',
        displayName: '区管理员',
      });
      await grantRole(ctx, SYSTEM, {
        userId: regional.user.id,
        agencyId: fixture.region,
        role: 'admin',
        includeSubtree: true,
      });
      regionalId = regional.user.id;
      const clerk = await createUser(ctx, SYSTEM, {
        agencyId: fixture.sili,
        username: 'sl-clerk',
        displayName: '办理员',
        roles: ['handler'],
      });
      clerkId = clerk.user.id;
      siliAdmin = (await signIn(ctx, 'sl-admin', fixture.passwords.get('sl-admin')!)).principal;
      chengliuAdmin = (await signIn(ctx, 'cl-admin', fixture.passwords.get('cl-admin')!)).principal;
    });
    after(async () => {
      await database?.drop();
    });

    it('refuses the town admin a reset or disabling of a region-wide admin living in the town', async () => {
      const principal = siliAdmin;
      await assert.rejects(resetPassword(ctx, principal, { userId: regionalId }), forbidden);
      await assert.rejects(
        setUserDisabled(ctx, principal, { userId: regionalId, disabled: true }),
        forbidden,
      );
    });

    it("still lets the town admin reset the town's own clerk", async () => {
      const principal = siliAdmin;
      const password = await resetPassword(ctx, principal, { userId: clerkId });
      assert.ok(password.length >= 12);
    });

    it('refuses a town admin the reset of the town auditor whose grant covers more than the admin', async () => {
      const principal = chengliuAdmin;
      const auditorId = fixture.userIds.get('cl-auditor')!;
      // cl-admin administers 承留镇 and its subtree: the auditor's grant is within it, so this is allowed…
      await resetPassword(ctx, principal, { userId: auditorId });
      // …but not once the auditor also audits the region.
      await grantRole(ctx, SYSTEM, {
        userId: auditorId,
        agencyId: fixture.region,
        role: 'auditor',
        includeSubtree: true,
      });
      await assert.rejects(resetPassword(ctx, principal, { userId: auditorId }), forbidden);
    });
  });
}

for (const engine of ENGINES) {
  describe(`a login racing a password reset on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    let ctx: TestContext;
    before(async () => {
      database = await createTestDatabase(engine);
      ctx = testContext(database);
    });
    after(async () => {
      await database?.drop();
    });

    it('never leaves a session made with the old password once the reset is done', async () => {
      const fixture = await buildFixture(ctx);
      const admin = (await signIn(ctx, 'cl-admin', fixture.passwords.get('cl-admin')!)).principal;
      const editorId = fixture.userIds.get('cl-editor')!;
      let password = (await signIn(ctx, 'cl-editor', fixture.passwords.get('cl-editor')!)).password;
      for (let round = 0; round < 10; round++) {
        const [attempt, reset] = await Promise.allSettled([
          login(ctx, { username: 'cl-editor', password }),
          resetPassword(ctx, admin, { userId: editorId }),
        ]);
        assert.equal(reset.status, 'fulfilled');
        const sessions = await database.db
          .selectFrom('sessions')
          .select('id')
          .where('user_id', '=', editorId)
          .execute();
        assert.deepEqual(sessions, [], `round ${round}: login ${attempt.status}`);
        password = (reset as PromiseFulfilledResult<string>).value;
      }
    });
  });
}
