import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listAudit, verifyAuditLog } from '../audit/index.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import type { DomainError } from '../kernel/errors.ts';
import {
  createAgency,
  createUser,
  getAgency,
  getPublicAgency,
  getUser,
  grantRole,
  hasRole,
  listAgencies,
  listPublicAgencies,
  listUsers,
  loadAgencyTree,
  login,
  type Principal,
  resetPassword,
  resolveSession,
  revokeRole,
  setUserDisabled,
  updateAgency,
  visibleAgencyIds,
} from './index.ts';
import { buildFixture, type Fixture, SYSTEM, signIn, type TestContext, testContext } from './testing.ts';

const code = (c: string) => (e: unknown) => (e as DomainError).code === c;

for (const engine of ENGINES) {
  describe(`agencies, users and roles on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    let ctx: TestContext;
    let f: Fixture;
    const as: Record<string, Principal> = {};
    const secrets: string[] = [];

    before(async () => {
      database = await createTestDatabase(engine);
      ctx = testContext(database);
      f = await buildFixture(ctx);
      for (const username of ['cl-admin', 'cl-editor', 'cl-auditor', 'sl-admin', 'jy-supervisor']) {
        const { principal, password } = await signIn(ctx, username, f.passwords.get(username)!);
        as[username] = principal;
        secrets.push(f.passwords.get(username)!, password);
      }
    });
    after(async () => {
      await database?.drop();
    });

    it("keeps 思礼镇's admin out of 承留镇: not found, not forbidden", async () => {
      const sl = as['sl-admin']!;
      const editorId = f.userIds.get('cl-editor')!;
      await assert.rejects(listUsers(ctx, sl, f.chengliu), code('access.not_found'));
      await assert.rejects(getUser(ctx, sl, editorId), code('access.not_found'));
      await assert.rejects(getAgency(ctx, sl, f.chengliu), code('access.not_found'));
      await assert.rejects(
        createUser(ctx, sl, { agencyId: f.chengliu, username: 'intruder', displayName: '外人' }),
        code('access.not_found'),
      );
      await assert.rejects(
        createAgency(ctx, sl, { parentId: f.chengliu, kind: 'village', name: '花石村' }),
        code('access.not_found'),
      );
      await assert.rejects(resetPassword(ctx, sl, { userId: editorId }), code('access.not_found'));
      await assert.rejects(
        setUserDisabled(ctx, sl, { userId: editorId, disabled: true }),
        code('access.not_found'),
      );
      await assert.rejects(
        grantRole(ctx, sl, { userId: editorId, agencyId: f.sili, role: 'editor' }),
        code('access.not_found'),
      );
      await assert.rejects(
        updateAgency(ctx, sl, { agencyId: f.chengliu, name: '别的镇' }),
        code('access.not_found'),
      );
      // A made-up id looks the same as another town's.
      await assert.rejects(getUser(ctx, sl, 'no-such-user'), code('access.not_found'));
      await assert.rejects(getAgency(ctx, sl, 'no-such-agency'), code('access.not_found'));
      assert.deepEqual(
        (await listAgencies(ctx, sl)).map((a) => `${a.depth}:${a.name}`),
        ['0:思礼镇', '1:思礼村'],
      );
      assert.equal((await listUsers(ctx, sl, f.sili)).length, 1);
    });

    it('lets a 承留镇 editor read the town but not manage users: forbidden', async () => {
      const editor = as['cl-editor']!;
      await assert.rejects(
        createUser(ctx, editor, { agencyId: f.chengliu, username: 'friend', displayName: '朋友' }),
        code('access.forbidden'),
      );
      await assert.rejects(listUsers(ctx, editor, f.chengliu), code('access.forbidden'));
      await assert.rejects(getUser(ctx, editor, f.userIds.get('cl-reviewer')!), code('access.forbidden'));
      assert.equal((await getAgency(ctx, editor, f.chengliu)).name, '承留镇');
      // A grant without include_subtree does not reach the villages.
      await assert.rejects(getAgency(ctx, editor, f.chengliuVillage), code('access.not_found'));
      const own = await getUser(ctx, editor, editor.user.id);
      assert.deepEqual(
        own.grants.map((g) => g.role),
        ['editor'],
      );
      assert.deepEqual(
        (await listAgencies(ctx, editor)).map((a) => a.name),
        ['承留镇'],
      );
    });

    it('lets the region supervisor see the whole subtree, and manage nothing', async () => {
      const supervisor = as['jy-supervisor']!;
      const tree = await loadAgencyTree(ctx.db);
      assert.deepEqual(
        (await listAgencies(ctx, supervisor)).map((a) => `${a.depth}:${a.name}`),
        ['0:济源示范区', '1:承留镇', '2:承留村', '1:思礼镇', '2:思礼村'],
      );
      const visible = await visibleAgencyIds(ctx, supervisor, ['supervisor']);
      assert.equal(visible.size, 5);
      assert.equal((await visibleAgencyIds(ctx, supervisor, ['editor'])).size, 0);
      assert.equal(hasRole(supervisor, 'supervisor', f.siliVillage, tree), true);
      assert.equal(hasRole(supervisor, 'admin', f.siliVillage, tree), false);
      await assert.rejects(listUsers(ctx, supervisor, f.chengliu), code('access.forbidden'));
      await assert.rejects(
        createUser(ctx, supervisor, { agencyId: f.sili, username: 'sneaky', displayName: 'x' }),
        code('access.forbidden'),
      );
      const auditor = await visibleAgencyIds(ctx, as['cl-auditor']!, ['auditor']);
      assert.deepEqual([...auditor].sort(), [f.chengliu, f.chengliuVillage].sort());
    });

    it('lets the 承留镇 admin manage villages and their users', async () => {
      const admin = as['cl-admin']!;
      const village = await createAgency(ctx, admin, {
        parentId: f.chengliu,
        kind: 'village',
        name: '南勋村',
        creditCode: '54419001mf0001024e',
      });
      assert.equal(village.creditCode, '54419001MF0001024E');
      await assert.rejects(
        createAgency(ctx, admin, { parentId: f.chengliu, kind: 'village', name: '南勋村' }),
        code('conflict.exists'),
      );
      await assert.rejects(
        createAgency(ctx, admin, {
          parentId: f.chengliu,
          kind: 'village',
          name: '武山村',
          creditCode: '54419001MF0001024E',
        }),
        code('conflict.exists'),
      );
      await assert.rejects(
        createAgency(ctx, admin, { parentId: f.chengliu, kind: 'region', name: '某区' }),
        code('input.invalid'),
      );
      await assert.rejects(
        createAgency(ctx, admin, { parentId: null, kind: 'region', name: '新区' }),
        code('access.forbidden'),
      );
      await assert.rejects(
        createAgency(ctx, admin, { parentId: f.region, kind: 'town', name: '克井镇' }),
        code('access.not_found'),
      );

      const created = await createUser(ctx, admin, {
        agencyId: village.id,
        username: 'nanxun-clerk',
        displayName: '南勋村文书',
        roles: ['editor', 'handler'],
      });
      secrets.push(created.initialPassword);
      assert.equal(created.user.mustChangePassword, true);
      assert.deepEqual(
        created.grants.map((g) => g.role),
        ['editor', 'handler'],
      );
      await assert.rejects(
        createUser(ctx, admin, { agencyId: f.chengliu, username: 'Nanxun-Clerk', displayName: '重名' }),
        code('conflict.exists'),
      );
      await assert.rejects(
        createUser(ctx, admin, { agencyId: f.chengliu, username: '张三', displayName: '张三' }),
        code('input.invalid'),
      );
      const listed = await listUsers(ctx, admin, village.id);
      assert.deepEqual(
        listed.map((u) => u.username),
        ['nanxun-clerk'],
      );
      assert.equal(listed[0]!.grants.length, 2);
      assert.ok(!('password_hash' in listed[0]!) && !('totp_secret' in listed[0]!));

      const reviewer = await grantRole(ctx, admin, {
        userId: created.user.id,
        agencyId: village.id,
        role: 'reviewer',
      });
      await assert.rejects(
        grantRole(ctx, admin, { userId: created.user.id, agencyId: village.id, role: 'reviewer' }),
        code('conflict.exists'),
      );
      await revokeRole(ctx, admin, { grantId: reviewer.id });
      await assert.rejects(revokeRole(ctx, admin, { grantId: reviewer.id }), code('access.not_found'));
      assert.deepEqual(
        (await getUser(ctx, admin, created.user.id)).grants.map((g) => g.role),
        ['editor', 'handler'],
      );

      const { principal: clerk, token } = await signIn(ctx, 'nanxun-clerk', created.initialPassword);
      assert.equal(hasRole(clerk, 'editor', village.id, await loadAgencyTree(ctx.db)), true);
      const password = await resetPassword(ctx, admin, { userId: created.user.id });
      secrets.push(password);
      assert.equal(await resolveSession(ctx, token), null, 'the reset ends the sessions');
      const relogin = await login(ctx, { username: 'nanxun-clerk', password });
      assert.equal(relogin.mustChangePassword, true);

      await setUserDisabled(ctx, admin, { userId: created.user.id, disabled: true });
      assert.equal(await resolveSession(ctx, relogin.token), null);
      await assert.rejects(
        login(ctx, { username: 'nanxun-clerk', password }),
        code('auth.invalid_credentials'),
      );
      assert.equal((await getUser(ctx, admin, created.user.id)).disabled, true);
      await setUserDisabled(ctx, admin, { userId: created.user.id, disabled: false });
      assert.ok((await login(ctx, { username: 'nanxun-clerk', password })).token);
    });

    it('keeps an admin from acting on himself and from holding audit', async () => {
      const admin = as['cl-admin']!;
      await assert.rejects(
        grantRole(ctx, admin, { userId: admin.user.id, agencyId: f.chengliu, role: 'approver' }),
        code('access.separation_of_duties'),
      );
      await assert.rejects(
        resetPassword(ctx, admin, { userId: admin.user.id }),
        code('access.separation_of_duties'),
      );
      await assert.rejects(
        setUserDisabled(ctx, admin, { userId: admin.user.id, disabled: true }),
        code('access.separation_of_duties'),
      );
      const auditorId = f.userIds.get('cl-auditor')!;
      await assert.rejects(
        grantRole(ctx, admin, { userId: auditorId, agencyId: f.chengliu, role: 'admin' }),
        code('access.separation_of_duties'),
      );
      await assert.rejects(
        createUser(ctx, admin, {
          agencyId: f.chengliu,
          username: 'both',
          displayName: '兼任',
          roles: ['admin', 'auditor'],
        }),
        code('access.separation_of_duties'),
      );
      assert.equal(
        await database.db.selectFrom('users').select('id').where('username', '=', 'both').executeTakeFirst(),
        undefined,
        'the user is not created without its roles',
      );
    });

    it('does not let an admin of a town alone reach its villages by granting a subtree', async () => {
      const created = await createUser(ctx, SYSTEM, {
        agencyId: f.chengliu,
        username: 'cl-admin2',
        displayName: '二',
      });
      await grantRole(ctx, SYSTEM, { userId: created.user.id, agencyId: f.chengliu, role: 'admin' });
      const { principal: narrow } = await signIn(ctx, 'cl-admin2', created.initialPassword);
      const editorId = f.userIds.get('cl-editor')!;
      await assert.rejects(
        grantRole(ctx, narrow, {
          userId: editorId,
          agencyId: f.chengliu,
          role: 'admin',
          includeSubtree: true,
        }),
        code('access.forbidden'),
      );
      const plain = await grantRole(ctx, narrow, {
        userId: editorId,
        agencyId: f.chengliu,
        role: 'approver',
      });
      assert.equal(plain.includeSubtree, false);
      await assert.rejects(listUsers(ctx, narrow, f.chengliuVillage), code('access.not_found'));
      // Revoking the subtree grant of someone else needs the whole subtree as well.
      const auditorGrant = (await getUser(ctx, narrow, f.userIds.get('cl-auditor')!)).grants[0]!;
      await assert.rejects(revokeRole(ctx, narrow, { grantId: auditorGrant.id }), code('access.forbidden'));
    });

    it('changes settings, and the portal shows contact details but not the security settings', async () => {
      const admin = as['cl-admin']!;
      const updated = await updateAgency(ctx, admin, {
        agencyId: f.chengliu,
        settings: { enforceTotp: false, contact: { office: '党政综合办公室', hours: '工作日', phone: '  ' } },
      });
      assert.equal(updated.settings.enforceTotp, false);
      const pub = await getPublicAgency(ctx.db, f.chengliu);
      assert.deepEqual(pub, {
        id: f.chengliu,
        parentId: f.region,
        kind: 'town',
        name: '承留镇',
        creditCode: '11419001005942312L',
        contact: { office: '党政综合办公室', hours: '工作日' },
      });
      assert.equal(await getPublicAgency(ctx.db, 'nope'), null);
      const all = await listPublicAgencies(ctx.db);
      assert.deepEqual(
        all.map((a) => `${a.depth}:${a.name}`),
        ['0:济源示范区', '1:承留镇', '2:承留村', '2:南勋村', '1:思礼镇', '2:思礼村'],
      );
      await assert.rejects(
        updateAgency(ctx, as['cl-editor']!, { agencyId: f.chengliu, name: '改名' }),
        code('access.forbidden'),
      );
      await assert.rejects(
        updateAgency(ctx, admin, { agencyId: f.chengliu, creditCode: '11419001005942313L' }),
        code('input.invalid'),
      );
    });

    it('audits each write with its actor, never a password', async () => {
      const records = await listAudit(ctx.db, { limit: 10_000 });
      const adminId = as['cl-admin']!.user.id;
      const byAdmin = new Set(records.filter((r) => r.user_id === adminId).map((r) => r.action));
      for (const action of [
        'agency.create',
        'agency.update',
        'user.create',
        'role.grant',
        'role.revoke',
        'user.password_reset',
        'user.disable',
        'user.enable',
      ]) {
        assert.ok(byAdmin.has(action), action);
      }
      const system = records.filter((r) => r.user_id === null && r.action === 'user.create');
      assert.ok(system.every((r) => JSON.parse(r.details).system === 'test'));
      for (const record of records) {
        const text = JSON.stringify(record);
        for (const secret of secrets) assert.ok(!text.includes(secret), `${record.action} leaks a password`);
      }
      // Refused actions write nothing.
      assert.equal(
        records.filter(
          (r) =>
            r.user_id === as['sl-admin']!.user.id &&
            r.action !== 'auth.login' &&
            r.action !== 'auth.password_change',
        ).length,
        0,
      );
      assert.deepEqual((await verifyAuditLog(ctx.db)).problems, []);
    });
  });
}
