// The lockout must not tell which usernames exist (review finding).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import { DomainError } from '../kernel/errors.ts';
import { login } from './login.ts';
import { buildFixture, MINUTE, signIn, type TestContext, testContext } from './testing.ts';

async function attempt(ctx: TestContext, username: string): Promise<string> {
  try {
    await login(ctx, { username, password: 'Wrong-password-1' });
    return 'ok';
  } catch (error) {
    assert.ok(error instanceof DomainError);
    return error.code === 'auth.locked' ? `locked ${error.message}` : error.code;
  }
}

for (const engine of ENGINES) {
  describe(`failed logins for unknown usernames on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    let ctx: TestContext;
    before(async () => {
      database = await createTestDatabase(engine);
      ctx = testContext(database);
      const fixture = await buildFixture(ctx);
      await signIn(ctx, 'cl-editor', fixture.passwords.get('cl-editor')!);
    });
    after(async () => {
      await database?.drop();
    });

    it('answers an unknown name exactly as a real one: five failures, then the same lock message', async () => {
      const real: string[] = [];
      const unknown: string[] = [];
      for (let i = 0; i < 7; i++) {
        real.push(await attempt(ctx, 'cl-editor'));
        unknown.push(await attempt(ctx, 'no-such-clerk'));
      }
      assert.deepEqual(unknown, real);
      assert.deepEqual(real.slice(0, 4), Array(4).fill('auth.invalid_credentials'));
      assert.match(real[4]!, /^locked 登录失败次数过多，账户已被锁定至北京时间/);
    });

    it('lifts the lock of an unknown name after the lockout period, like a real one', async () => {
      ctx.advance(31 * MINUTE);
      assert.equal(await attempt(ctx, 'no-such-clerk'), 'auth.invalid_credentials');
      assert.equal(await attempt(ctx, 'cl-editor'), 'auth.invalid_credentials');
    });

    it('keeps only a keyed hash of the typed name', async () => {
      const rows = await database.db.selectFrom('unknown_login_attempts').select('key').execute();
      assert.equal(rows.length, 1);
      assert.doesNotMatch(rows[0]!.key, /no-such-clerk/);
      assert.match(rows[0]!.key, /^[A-Za-z0-9_-]{43}$/);
    });
  });
}
