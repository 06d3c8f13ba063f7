import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { listAudit, verifyAuditLog } from '../audit/index.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import type { DomainError } from '../kernel/errors.ts';
import {
  changePassword,
  confirmTotp,
  createUser,
  enrolTotp,
  hasRole,
  listUsers,
  loadAgencyTree,
  login,
  logout,
  resolveSession,
  totpCode,
  updateAgency,
  verifySecondFactor,
} from './index.ts';
import {
  buildFixture,
  type Fixture,
  MINUTE,
  SYSTEM,
  signIn,
  T0,
  type TestContext,
  testContext,
} from './testing.ts';

const code = (c: string) => (e: unknown) => (e as DomainError).code === c;

for (const engine of ENGINES) {
  describe(`sessions and TOTP on ${engine}`, { skip: await skipUnless(engine) }, () => {
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

    /** Signs in with the current password of a fixture user, remembering a changed one. */
    async function signInAs(username: string) {
      const result = await signIn(ctx, username, f.passwords.get(username)!);
      f.passwords.set(username, result.password);
      secrets.push(result.password, result.token);
      return result;
    }

    async function newUser(username: string, agencyId = f.chengliu) {
      const created = await createUser(ctx, SYSTEM, { agencyId, username, displayName: username });
      secrets.push(created.initialPassword);
      return created;
    }

    /** A new user with a password of their own and TOTP confirmed, and a code that is wrong now. */
    async function userWithTotp(username: string) {
      const created = await newUser(username);
      const { principal, password } = await signIn(ctx, username, created.initialPassword);
      secrets.push(password);
      const { secret } = await enrolTotp(ctx, principal);
      secrets.push(secret);
      await confirmTotp(ctx, principal, totpCode(secret, ctx.now()));
      const wrong = String((Number(totpCode(secret, ctx.now())) + 500_000) % 1_000_000).padStart(6, '0');
      return { password, wrong };
    }

    it('ends a session idle for more than 15 minutes and touches last_seen_at at most once a minute', async () => {
      ctx.setNow(T0);
      const { token } = await signInAs('cl-admin');
      const id = createHash('sha256').update(token).digest('hex');
      const lastSeen = async () =>
        (
          await database.db
            .selectFrom('sessions')
            .select('last_seen_at')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).last_seen_at;
      const start = await lastSeen();
      ctx.advance(30_000);
      assert.ok(await resolveSession(ctx, token));
      assert.equal(await lastSeen(), start, 'not written within the minute');
      ctx.advance(31_000);
      assert.ok(await resolveSession(ctx, token));
      assert.equal(await lastSeen(), new Date(ctx.now()).toISOString());
      ctx.advance(15 * MINUTE);
      assert.ok(await resolveSession(ctx, token), 'exactly 15 minutes idle is still fine');
      ctx.advance(15 * MINUTE + 1000);
      assert.equal(await resolveSession(ctx, token), null);
      assert.equal(await resolveSession(ctx, token), null);
      const ends = await listAudit(ctx.db, { action: 'auth.session_end' });
      assert.equal(JSON.parse(ends[0]!.details).reason, 'idle');
      assert.equal(
        await database.db.selectFrom('sessions').select('id').where('id', '=', id).executeTakeFirst(),
        undefined,
      );
    });

    it('ends a session after 12 hours however active', async () => {
      ctx.setNow('2026-03-03T00:00:00.000Z');
      const { token } = await signInAs('sl-admin');
      for (let minutes = 10; minutes < 12 * 60; minutes += 10) {
        ctx.setNow(new Date(Date.parse('2026-03-03T00:00:00.000Z') + minutes * MINUTE).toISOString());
        assert.ok(await resolveSession(ctx, token), `alive after ${minutes} minutes`);
      }
      ctx.setNow('2026-03-03T12:00:00.000Z');
      assert.equal(await resolveSession(ctx, token), null);
      const [end] = await listAudit(ctx.db, { action: 'auth.session_end', limit: 1 });
      assert.equal(JSON.parse(end!.details).reason, 'expired');
    });

    it('logs out', async () => {
      ctx.setNow(T0);
      const result = await login(ctx, { username: 'sl-admin', password: f.passwords.get('sl-admin')! });
      assert.ok(await resolveSession(ctx, result.token));
      await logout(ctx, result.token);
      assert.equal(await resolveSession(ctx, result.token), null);
      await logout(ctx, result.token);
      await logout(ctx, 'not a token');
      const logouts = await listAudit(ctx.db, { action: 'auth.logout' });
      assert.equal(logouts.length, 1);
      assert.equal(logouts[0]!.user_id, f.userIds.get('sl-admin'));
    });

    it('enrols TOTP, then requires a fresh code at login, each code once', async () => {
      ctx.setNow(T0);
      const created = await newUser('totp-user');
      const { principal, token, password } = await signIn(ctx, 'totp-user', created.initialPassword);
      secrets.push(password, token);
      const { secret, otpauthUrl } = await enrolTotp(ctx, principal);
      secrets.push(secret);
      assert.match(otpauthUrl, /^otpauth:\/\/totp\//);
      assert.ok(otpauthUrl.includes(`secret=${secret}`));
      // Not yet in force.
      const before = await login(ctx, { username: 'totp-user', password });
      assert.equal(before.needsSecondFactor, false);
      await assert.rejects(confirmTotp(ctx, principal, '000000'), code('auth.second_factor_invalid'));
      const enrolCode = totpCode(secret, ctx.now());
      const user = await confirmTotp(ctx, principal, enrolCode);
      assert.equal(user.totpEnabled, true);
      await assert.rejects(enrolTotp(ctx, principal), code('conflict.state'));

      const next = await login(ctx, { username: 'totp-user', password });
      secrets.push(next.token);
      assert.equal(next.needsSecondFactor, true);
      const pending = (await resolveSession(ctx, next.token))!;
      assert.equal(pending.secondFactorOk, false);
      assert.equal(hasRole(pending, 'editor', f.chengliu, await loadAgencyTree(ctx.db)), false);
      await assert.rejects(listUsers(ctx, pending, f.chengliu), code('auth.second_factor_required'));
      await assert.rejects(
        verifySecondFactor(ctx, next.token, enrolCode),
        code('auth.second_factor_invalid'),
        'replay',
      );
      ctx.advance(30_000);
      const fresh = totpCode(secret, ctx.now());
      const done = await verifySecondFactor(ctx, next.token, fresh);
      assert.equal(done.secondFactorOk, true);
      assert.equal((await resolveSession(ctx, next.token))!.secondFactorOk, true);
      // The same code does not complete another login.
      const third = await login(ctx, { username: 'totp-user', password });
      await assert.rejects(verifySecondFactor(ctx, third.token, fresh), code('auth.second_factor_invalid'));
      ctx.advance(30_000);
      assert.ok(await verifySecondFactor(ctx, third.token, totpCode(secret, ctx.now())));
      await assert.rejects(verifySecondFactor(ctx, 'A'.repeat(43), fresh), code('auth.required'));

      const audit = await listAudit(ctx.db, { limit: 1000 });
      const actions = audit
        .filter((r) => r.object_id === created.user.id)
        .map((r) => `${r.action}:${r.result}`);
      for (const expected of [
        'auth.totp_enrol_start:ok',
        'auth.totp_enrol:failed',
        'auth.totp_enrol:ok',
        'auth.second_factor:ok',
        'auth.second_factor:failed',
      ]) {
        assert.ok(actions.includes(expected), expected);
      }
    });

    it('locks after 5 wrong codes and ends the pending session', async () => {
      ctx.setNow(T0);
      const { password, wrong } = await userWithTotp('totp-lock');
      const pending = await login(ctx, { username: 'totp-lock', password });
      for (let i = 0; i < 4; i++) {
        await assert.rejects(
          verifySecondFactor(ctx, pending.token, wrong),
          code('auth.second_factor_invalid'),
        );
      }
      await assert.rejects(verifySecondFactor(ctx, pending.token, wrong), code('auth.locked'));
      assert.equal(await resolveSession(ctx, pending.token), null);
      await assert.rejects(login(ctx, { username: 'totp-lock', password }), code('auth.locked'));
    });

    it('keeps counting wrong codes across new logins with the right password (no reset before the code)', async () => {
      ctx.setNow(T0);
      const { password, wrong } = await userWithTotp('totp-relogin');
      // Someone who has the password but not the phone: 4 codes, a new login, and so on.
      for (let round = 0; round < 2; round++) {
        const pending = await login(ctx, { username: 'totp-relogin', password });
        for (let i = 0; i < 2; i++)
          await assert.rejects(
            verifySecondFactor(ctx, pending.token, wrong),
            code('auth.second_factor_invalid'),
          );
      }
      const last = await login(ctx, { username: 'totp-relogin', password });
      await assert.rejects(verifySecondFactor(ctx, last.token, wrong), code('auth.locked'));
      await assert.rejects(login(ctx, { username: 'totp-relogin', password }), code('auth.locked'));
    });

    it('makes users of an agency that enforces TOTP enrol before anything else', async () => {
      ctx.setNow(T0);
      const admin = await signInAs('cl-admin');
      const village = f.chengliuVillage;
      await updateAgency(ctx, admin.principal, { agencyId: village, settings: { enforceTotp: true } });
      const created = await createUser(ctx, admin.principal, {
        agencyId: village,
        username: 'village-clerk',
        displayName: '村文书',
        roles: ['editor'],
      });
      secrets.push(created.initialPassword);
      const first = await login(ctx, { username: 'village-clerk', password: created.initialPassword });
      assert.equal(first.needsTotpEnrolment, true);
      let principal = (await resolveSession(ctx, first.token))!;
      const next = 'Cun-wenshu-2026';
      secrets.push(next);
      await changePassword(ctx, principal, { current: created.initialPassword, next });
      principal = (await resolveSession(ctx, first.token))!;
      assert.equal(principal.needsTotpEnrolment, true);
      assert.equal(hasRole(principal, 'editor', village, await loadAgencyTree(ctx.db)), false);
      await assert.rejects(
        listUsers(ctx, principal, village),
        (e: DomainError) => e.code === 'auth.second_factor_required' && e.details.enrolment === true,
      );
      const { secret } = await enrolTotp(ctx, principal);
      secrets.push(secret);
      await confirmTotp(ctx, principal, totpCode(secret, ctx.now()));
      principal = (await resolveSession(ctx, first.token))!;
      assert.equal(principal.needsTotpEnrolment, false);
      assert.equal(hasRole(principal, 'editor', village, await loadAgencyTree(ctx.db)), true);
    });

    it('audits every event, chained, without a password, token, secret or hash', async () => {
      const records = await listAudit(ctx.db, { limit: 10_000 });
      const actions = new Set(records.map((r) => r.action));
      for (const action of [
        'auth.login',
        'auth.logout',
        'auth.password_change',
        'auth.session_end',
        'auth.second_factor',
        'auth.totp_enrol_start',
        'auth.totp_enrol',
        'auth.lock',
        'agency.update',
        'user.create',
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
