import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  checkPasswordPolicy,
  getUser,
  isValidCreditCode,
  listAgencies,
  listPublicAgencies,
  listUsers,
  login,
  type Principal,
} from '../agencies/index.ts';
import { signIn, type TestContext, testContext } from '../agencies/testing.ts';
import { listAudit, verifyAuditLog } from '../audit/index.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import { channelCounts, getPublishedItem, listPublishedItems } from '../disclosures/index.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import type { DomainError } from '../kernel/errors.ts';
import { DEMO_AGENCIES, DEMO_USERS, type DemoSeedResult, seedDemo } from './seed-demo.ts';

const count = async (database: TestDatabase, table: 'agencies' | 'users' | 'role_grants' | 'audit_log') =>
  Number(
    (
      await database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

for (const engine of ENGINES) {
  describe(`demo seed on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let database: TestDatabase;
    let ctx: TestContext;
    let first: DemoSeedResult;

    before(async () => {
      database = await createTestDatabase(engine);
      ctx = testContext(database);
      first = await seedDemo(ctx);
    });
    after(async () => {
      await database?.drop();
    });

    it('creates the region, its towns, villages and department, with valid credit codes', async () => {
      assert.equal(first.agenciesCreated, 10);
      const agencies = await listPublicAgencies(ctx.db);
      assert.deepEqual(
        agencies.map((a) => `${'  '.repeat(a.depth)}${a.name}`),
        [
          '济源示范区',
          '  济源示范区财政金融局',
          '  承留镇',
          '    承留村',
          '    大沟河村',
          '    花石村',
          '    南勋村',
          '    武山村',
          '    玉皇庙村',
          '  思礼镇',
        ],
      );
      for (const agency of agencies) assert.ok(isValidCreditCode(agency.creditCode!), agency.name);
      assert.equal(
        agencies.find((a) => a.name === '承留镇')!.contact.office,
        '承留镇党政综合办公室（政务公开办）',
      );
      assert.equal(DEMO_AGENCIES.length, 10);
    });

    it('returns one account per role with a policy-compliant password to change at first login', async () => {
      assert.equal(first.usersCreated, DEMO_USERS.length);
      assert.equal(first.grantsCreated, DEMO_USERS.length);
      assert.deepEqual(
        first.accounts.map((a) => a.username),
        [
          'chengliu-admin',
          'chengliu-editor',
          'chengliu-reviewer',
          'chengliu-approver',
          'chengliu-handler',
          'chengliu-auditor',
          'jiyuan-supervisor',
          'sili-admin',
        ],
      );
      assert.equal(new Set(first.accounts.map((a) => a.password)).size, first.accounts.length);
      for (const account of first.accounts) {
        assert.deepEqual(checkPasswordPolicy(account.password, account.username), [], account.username);
        const result = await login(ctx, { username: account.username, password: account.password });
        assert.equal(result.mustChangePassword, true, account.username);
      }
      assert.equal(first.accounts.find((a) => a.username === 'jiyuan-supervisor')!.role, '监督（含下级）');
    });

    it('shows isolation and supervision with the demo accounts', async () => {
      const password = (u: string) => first.accounts.find((a) => a.username === u)!.password;
      const as = async (u: string): Promise<Principal> => (await signIn(ctx, u, password(u))).principal;
      const sili = await as('sili-admin');
      const chengliu = (await listPublicAgencies(ctx.db)).find((a) => a.name === '承留镇')!;
      await assert.rejects(
        listUsers(ctx, sili, chengliu.id),
        (e: DomainError) => e.code === 'access.not_found',
      );
      const supervisor = await as('jiyuan-supervisor');
      assert.equal((await listAgencies(ctx, supervisor)).length, 10);
      const admin = await as('chengliu-admin');
      assert.equal((await listAgencies(ctx, admin)).length, 7);
      const users = await listUsers(ctx, admin, chengliu.id);
      assert.equal(users.length, 6);
      const approver = users.find((u) => u.username === 'chengliu-approver')!;
      assert.deepEqual(
        (await getUser(ctx, admin, approver.id)).grants.map((g) => [g.role, g.includeSubtree]),
        [['approver', false]],
      );
    });

    it('gives 承留镇 applications in every state: open, waiting for a 补正, answered with letters', async () => {
      assert.equal(first.applicationsCreated, 5);
      const rows = await database.db.selectFrom('applications').select(['phase', 'is_open']).execute();
      const phases = rows.map((r) => r.phase).sort();
      assert.deepEqual(phases, ['archived', 'awaiting_supplement', 'processing', 'processing', 'replied']);
      const letters = await database.db.selectFrom('letters').select('kind').execute();
      assert.deepEqual(letters.map((l) => l.kind).sort(), [
        'reply',
        'reply',
        'supplement_notice',
        'supplement_notice',
      ]);
    });

    it('gives 承留镇 主动公开 in every state, the portal showing only what is public and redacted', async () => {
      assert.equal(first.itemsCreated, 8);
      const chengliu = (await listPublicAgencies(ctx.db)).find((a) => a.name === '承留镇')!;
      const rows = await database.db
        .selectFrom('disclosure_items')
        .select(['phase'])
        .where('agency_id', '=', chengliu.id)
        .execute();
      // The scheduled item is published for tomorrow morning: not on the portal yet.
      assert.deepEqual(rows.map((r) => r.phase).sort(), [
        'draft',
        'in_review',
        'published',
        'published',
        'published',
        'published',
        'published',
        'withdrawn',
      ]);
      const listed = await listPublishedItems(ctx, { agencyId: chengliu.id });
      assert.equal(listed.total, 4);
      const lowIncome = listed.items.find((i) => i.title.includes('最低生活保障'))!;
      const item = await getPublishedItem(ctx, { agencyId: chengliu.id, itemId: lowIncome.id });
      assert.doesNotMatch(item.bodyHtml, /\d{17}[\dX]|1380389/, 'the review redacted the numbers');
      const year = Number(shanghaiDate(ctx.now()).slice(0, 4));
      const counts = await channelCounts(ctx.db, chengliu.id, year, ctx.now());
      assert.equal(counts.wechat, 1);
    });

    it('creates nothing the second time and returns no passwords', async () => {
      const before = await Promise.all(
        (['agencies', 'users', 'role_grants', 'audit_log'] as const).map((t) => count(database, t)),
      );
      const second = await seedDemo(ctx);
      assert.deepEqual(second, {
        agenciesCreated: 0,
        usersCreated: 0,
        grantsCreated: 0,
        applicationsCreated: 0,
        itemsCreated: 0,
        accounts: [],
      });
      const afterwards = await Promise.all(
        (['agencies', 'users', 'role_grants', 'audit_log'] as const).map((t) => count(database, t)),
      );
      assert.deepEqual(afterwards, before);
    });

    it('audits the seeding as the seed-demo operator, without passwords', async () => {
      const records = await listAudit(ctx.db, { limit: 10_000 });
      const seeded = records.filter((r) => r.user_id === null && r.action !== 'auth.login');
      // 10 agencies, 8 users, 8 grants, 5 applications registered and 8 events recorded on them.
      assert.equal(seeded.length, 10 + 8 + 8 + 5 + 8);
      assert.ok(seeded.every((r) => JSON.parse(r.details).system === 'seed-demo'));
      for (const record of records) {
        for (const account of first.accounts) assert.ok(!JSON.stringify(record).includes(account.password));
      }
      assert.deepEqual((await verifyAuditLog(ctx.db)).problems, []);
    });
  });
}
