import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { listAudit, verifyAuditLog } from '../audit/index.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import type { DomainError } from '../kernel/errors.ts';
import {
  changePassword,
  createUser,
  DEFAULT_PASSWORD_POLICY,
  hasRole,
  listUsers,
  loadAgencyTree,
  login,
  PRODUCTION_HASHING,
  resolveSession,
  setUserDisabled,
} from './index.ts';
import { dummyHash, needsRehash, verifyAgainstDummy } from './passwords.ts';
import {
  buildFixture,
  type Fixture,
  MINUTE,
  SYSTEM,
  signIn,
  T0,
  TEST_HASHING,
  type TestContext,
  testContext,
} from './testing.ts';
import { findUserRowByUsername } from './user.repository.ts';

const code = (c: string) => (e: unknown) => (e as DomainError).code === c;

for (const engine of ENGINES) {
  describe(`login, passwords and lockout on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    let ctx: TestContext;
    let f: Fixture;
    /** Every secret handed out in these tests: none may appear in the audit log. */
    const secrets: string[] = [];

    before(async () => {
      database = await createTestDatabase(engine);
      ctx = testContext(database);
      f = await buildFixture(ctx);
      secrets.push(...f.passwords.values());
    });
    after(async () => {
      await database?.drop();
    });

    async function newUser(username: string, agencyId = f.chengliu) {
      const created = await createUser(ctx, SYSTEM, { agencyId, username, displayName: username });
      secrets.push(created.initialPassword);
      return created;
    }

    it('stores only the SHA-256 of the session token and starts with a must-change-password session', async () => {
      ctx.setNow(T0);
      const password = f.passwords.get('cl-editor')!;
      const result = await login(ctx, { username: 'CL-Editor ', password, clientIp: '192.0.2.7' });
      secrets.push(result.token);
      assert.match(result.token, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(result.mustChangePassword, true);
      assert.equal(result.needsSecondFactor, false);
      assert.equal(result.needsTotpEnrolment, false);
      assert.equal(result.user.username, 'cl-editor');
      assert.equal('password_hash' in result.user || 'passwordHash' in result.user, false);
      const rows = await database.db.selectFrom('sessions').selectAll().execute();
      assert.ok(rows.some((r) => r.id === createHash('sha256').update(result.token).digest('hex')));
      assert.ok(rows.every((r) => r.id !== result.token));
      const principal = (await resolveSession(ctx, result.token))!;
      assert.equal(principal.user.mustChangePassword, true);
      // Not ready: no role counts and use cases refuse with the reason.
      assert.equal(hasRole(principal, 'editor', f.chengliu, await loadAgencyTree(ctx.db)), false);
      await assert.rejects(listUsers(ctx, principal, f.chengliu), code('auth.password_change_required'));
    });

    it('enforces the password policy on the change and then clears the flag', async () => {
      const password = f.passwords.get('cl-reviewer')!;
      const first = await login(ctx, { username: 'cl-reviewer', password });
      const other = await login(ctx, { username: 'cl-reviewer', password });
      let principal = (await resolveSession(ctx, first.token))!;
      await assert.rejects(
        changePassword(ctx, principal, { current: password, next: 'cl-reviewer' }),
        (e: DomainError) =>
          e.code === 'auth.password_policy' &&
          (e.details.problems as string[]).includes('密码不能与用户名相同，也不能包含用户名'),
      );
      await assert.rejects(
        changePassword(ctx, principal, { current: password, next: 'P@ssw0rd' }),
        (e: DomainError) =>
          e.code === 'auth.password_policy' && /过于常见/.test(e.message) && !e.message.includes('P@ssw0rd'),
      );
      await assert.rejects(
        changePassword(ctx, principal, { current: password, next: password }),
        (e: DomainError) => e.code === 'auth.password_policy' && /不能与当前密码相同/.test(e.message),
      );
      await assert.rejects(
        changePassword(ctx, principal, { current: 'wrong', next: 'Review-2026-ok' }),
        code('auth.invalid_credentials'),
      );
      assert.equal((await resolveSession(ctx, first.token))!.user.mustChangePassword, true);
      const user = await changePassword(ctx, principal, { current: password, next: 'Review-2026-ok' });
      secrets.push('Review-2026-ok');
      assert.equal(user.mustChangePassword, false);
      principal = (await resolveSession(ctx, first.token))!;
      assert.equal(principal.user.mustChangePassword, false);
      assert.equal(hasRole(principal, 'reviewer', f.chengliu, await loadAgencyTree(ctx.db)), true);
      assert.equal(await resolveSession(ctx, other.token), null, 'the other session ended');
      await assert.rejects(
        login(ctx, { username: 'cl-reviewer', password }),
        code('auth.invalid_credentials'),
      );
      const again = await login(ctx, { username: 'cl-reviewer', password: 'Review-2026-ok' });
      assert.equal(again.mustChangePassword, false);
      const changes = await listAudit(ctx.db, { action: 'auth.password_change' });
      assert.ok(changes.some((r) => r.result === 'ok' && r.user_id === f.userIds.get('cl-reviewer')));
      assert.ok(changes.some((r) => r.result === 'failed'));
    });

    it('gives the same error for an unknown user and a wrong password', async () => {
      const unknown = await login(ctx, { username: 'nobody', password: 'Whatever-1' }).catch(
        (e: DomainError) => e,
      );
      const wrong = await login(ctx, { username: 'cl-admin', password: 'Whatever-1' }).catch(
        (e: DomainError) => e,
      );
      assert.ok(unknown instanceof Error && wrong instanceof Error);
      assert.equal((unknown as DomainError).code, 'auth.invalid_credentials');
      assert.equal((wrong as DomainError).code, 'auth.invalid_credentials');
      assert.equal(unknown.message, wrong.message);
      assert.deepEqual((unknown as DomainError).details, (wrong as DomainError).details);
      const [last] = await listAudit(ctx.db, { action: 'auth.login', limit: 2 });
      assert.equal(last!.result, 'failed');
      const failures = await listAudit(ctx.db, { action: 'auth.login', limit: 2 });
      assert.deepEqual(
        failures.map((r) => JSON.parse(r.details).reason),
        ['wrong_password', 'unknown_user'],
      );
      assert.ok(failures.every((r) => !r.details.includes('nobody') && !r.details.includes('Whatever-1')));
      // Reset the count for the tests below.
      await login(ctx, { username: 'cl-admin', password: f.passwords.get('cl-admin')! });
    });

    it('verifies an unknown user against a hash of the same cost as a real one (no timing oracle)', async () => {
      // Deterministic instead of timed: the dummy verified for an unknown name has exactly the
      // argon2id parameters of the real hashes, so both refusals cost one verification at that cost.
      for (const options of [PRODUCTION_HASHING, TEST_HASHING]) {
        const dummy = await dummyHash(options);
        assert.equal(needsRehash(dummy, options), false);
        assert.equal(await verifyAgainstDummy('Wrong-pass-1', options), false);
      }
      const real = (await findUserRowByUsername(database.db, 'timing-user')) ?? null;
      assert.equal(real, null);
      const refused = await login(ctx, { username: 'no-such-user', password: 'Wrong-pass-1' }).catch(
        (e) => e,
      );
      assert.equal(refused.code, 'auth.invalid_credentials');
    });

    it('upgrades a hash made with older parameters at the next successful login', async () => {
      const created = await newUser('rehash-me');
      const stored = async () =>
        (
          await database.db
            .selectFrom('users')
            .select('password_hash')
            .where('id', '=', created.user.id)
            .executeTakeFirstOrThrow()
        ).password_hash;
      assert.match(await stored(), /m=1024,t=1,p=1/);
      await assert.rejects(
        login(
          { ...ctx, passwordHashing: PRODUCTION_HASHING },
          { username: 'rehash-me', password: 'Wrong-pass-1' },
        ),
      );
      assert.match(await stored(), /m=1024,t=1,p=1/, 'not on a failure');
      await login(
        { ...ctx, passwordHashing: PRODUCTION_HASHING },
        { username: 'rehash-me', password: created.initialPassword },
      );
      assert.match(await stored(), /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      assert.ok((await login(ctx, { username: 'rehash-me', password: created.initialPassword })).token);
    });

    it('applies a configured password policy', async () => {
      const created = await newUser('strict-policy');
      const strict = { ...ctx, passwordPolicy: { ...DEFAULT_PASSWORD_POLICY, minLength: 12 } };
      const { token } = await login(strict, { username: 'strict-policy', password: created.initialPassword });
      const principal = (await resolveSession(strict, token))!;
      await assert.rejects(
        changePassword(strict, principal, { current: created.initialPassword, next: 'Short-pw-1' }),
        (e: DomainError) => e.code === 'auth.password_policy' && e.message === '密码长度至少为12位',
      );
      await changePassword(strict, principal, { current: created.initialPassword, next: 'Long-enough-pw-1' });
      secrets.push('Long-enough-pw-1');
    });

    it('locks after 5 failures for 30 minutes without saying whether the password was right', async () => {
      const { initialPassword: password } = await newUser('lock-me');
      ctx.setNow(T0);
      for (let i = 1; i <= 4; i++) {
        await assert.rejects(
          login(ctx, { username: 'lock-me', password: `Wrong-${i}x` }),
          code('auth.invalid_credentials'),
        );
      }
      const fifth = await login(ctx, { username: 'lock-me', password: 'Wrong-5x' }).catch(
        (e: DomainError) => e,
      );
      assert.equal((fifth as DomainError).code, 'auth.locked');
      assert.equal((fifth as DomainError).details.lockedUntil, '2026-03-02T01:30:00.000Z');
      assert.match((fifth as DomainError).message, /北京时间 2026-03-02 09:30/);
      ctx.advance(29 * MINUTE);
      const right = await login(ctx, { username: 'lock-me', password }).catch((e: DomainError) => e);
      const wrong = await login(ctx, { username: 'lock-me', password: 'Wrong-6x' }).catch(
        (e: DomainError) => e,
      );
      assert.equal((right as DomainError).code, 'auth.locked');
      assert.equal((wrong as DomainError).code, 'auth.locked');
      assert.equal((right as DomainError).message, (wrong as DomainError).message);
      const row = await database.db
        .selectFrom('users')
        .select(['locked_until'])
        .where('username', '=', 'lock-me')
        .executeTakeFirstOrThrow();
      assert.equal(
        row.locked_until,
        '2026-03-02T01:30:00.000Z',
        'attempts while locked do not extend the lock',
      );
      ctx.advance(MINUTE);
      const ok = await login(ctx, { username: 'lock-me', password });
      assert.ok(ok.token);
      const locks = await listAudit(ctx.db, { action: 'auth.lock' });
      assert.equal(locks.length, 1);
      assert.equal(JSON.parse(locks[0]!.details).lockedUntil, '2026-03-02T01:30:00.000Z');
      const denied = (await listAudit(ctx.db, { action: 'auth.login' })).filter((r) => r.result === 'denied');
      assert.equal(denied.length, 2);
      assert.ok(denied.every((r) => JSON.parse(r.details).reason === 'locked'));
    });

    it('locks once under concurrent failed attempts, and stays locked', async () => {
      const { initialPassword: password } = await newUser('crowd');
      ctx.setNow(T0);
      const results = await Promise.allSettled(
        Array.from({ length: 9 }, (_, i) => login(ctx, { username: 'crowd', password: `Wrong-${i}-x` })),
      );
      const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as DomainError).code : 'ok'));
      assert.ok(
        codes.every((c) => c === 'auth.invalid_credentials' || c === 'auth.locked'),
        codes.join(),
      );
      assert.ok(codes.includes('auth.locked'));
      await assert.rejects(login(ctx, { username: 'crowd', password }), code('auth.locked'));
      const crowdId = (
        await database.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', 'crowd')
          .executeTakeFirstOrThrow()
      ).id;
      const locks = (await listAudit(ctx.db, { action: 'auth.lock' })).filter((r) => r.object_id === crowdId);
      assert.equal(locks.length, 1);
      assert.deepEqual((await verifyAuditLog(ctx.db)).problems, []);
    });

    it('a success resets the count of failures', async () => {
      const { initialPassword: password } = await newUser('resets');
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < 4; i++) {
          await assert.rejects(
            login(ctx, { username: 'resets', password: 'Wrong-pass-1' }),
            code('auth.invalid_credentials'),
          );
        }
        await login(ctx, { username: 'resets', password });
      }
    });

    it('refuses a disabled account like a wrong password and ends its sessions', async () => {
      ctx.setNow(T0);
      const created = await newUser('leaver');
      const { token, password } = await signIn(ctx, 'leaver', created.initialPassword);
      secrets.push(password);
      await setUserDisabled(ctx, SYSTEM, { userId: created.user.id, disabled: true });
      assert.equal(await resolveSession(ctx, token), null);
      await assert.rejects(login(ctx, { username: 'leaver', password }), code('auth.invalid_credentials'));
      await setUserDisabled(ctx, SYSTEM, { userId: created.user.id, disabled: false });
      assert.ok((await login(ctx, { username: 'leaver', password })).token);
    });

    it('audits every event, chained, without a password, token, secret or hash', async () => {
      const records = await listAudit(ctx.db, { limit: 10_000 });
      const actions = new Set(records.map((r) => r.action));
      for (const action of [
        'auth.login',
        'auth.lock',
        'auth.password_change',
        'user.create',
        'user.disable',
        'user.enable',
        'role.grant',
        'agency.create',
      ]) {
        assert.ok(actions.has(action), action);
      }
      assert.ok(secrets.length > 15);
      for (const record of records) {
        const text = JSON.stringify(record);
        assert.doesNotMatch(text, /argon2/);
        for (const secret of secrets) assert.ok(!text.includes(secret), `${record.action} leaks a secret`);
      }
      assert.deepEqual((await verifyAuditLog(ctx.db)).problems, []);
    });
  });
}
