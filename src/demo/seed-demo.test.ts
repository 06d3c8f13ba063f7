import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
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
import { table4Of } from '../appeals/index.ts';
import { table3Of } from '../applications/index.ts';
import { listAudit, verifyAuditLog } from '../audit/index.ts';
import { createTestDatabase, ENGINES, skipUnless, type TestDatabase } from '../db/testing.ts';
import {
  channelCounts,
  getPublishedItem,
  listCatalogue,
  listPublishedItems,
  MAX_PUBLIC_PAGE_SIZE,
} from '../disclosures/index.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import type { DomainError } from '../kernel/errors.ts';
import { table2Of } from '../normative/index.ts';
import { parseReport } from '../reports/parse/parse-report.ts';
import { searchDocuments } from '../search/index.ts';
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

/** The founding document: 承留镇人民政府's 2022 report, as the town published it. */
async function seedReport() {
  const dir = new URL('../../../shared/seed/', import.meta.url);
  const [name] = (await readdir(dir)).filter((f) => f.endsWith('.txt'));
  const parsed = await parseReport(await readFile(new URL(name!, dir)), name);
  assert.equal(parsed.report.body, '承留镇人民政府');
  assert.equal(parsed.report.year, 2022);
  return parsed.report;
}

/**
 * The website items of 2022 per category, as chosen in demo-2022-data.ts: 政策信息 26, 法定主动公开内容
 * 68 (条例第二十、二十一条), 基层政务公开 116 (the 26 areas; the seed says 134, see there why 18
 * fewer), 村居信息 49.
 */
const CATEGORY_COUNTS_2022: Record<string, number> = {
  政策信息: 26,
  FD02: 2,
  FD06: 12,
  FD07: 4,
  FD09: 4,
  FD10: 6,
  FD11: 10,
  FD12: 8,
  FD13: 12,
  FZ01: 4,
  FZ02: 3,
  FZ08: 3,
  JC01: 8,
  JC02: 10,
  JC03: 4,
  JC04: 12,
  JC08: 6,
  JC10: 12,
  JC12: 24,
  JC13: 6,
  JC15: 12,
  JC20: 8,
  JC21: 6,
  JC23: 8,
  村居信息: 49,
};

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
          'chengliu-service',
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
      assert.equal(users.length, 7);
      const approver = users.find((u) => u.username === 'chengliu-approver')!;
      assert.deepEqual(
        (await getUser(ctx, admin, approver.id)).grants.map((g) => [g.role, g.includeSubtree]),
        [['approver', false]],
      );
    });

    it('gives 承留镇 applications in every state: open, waiting for a 补正, answered with letters', async () => {
      assert.equal(first.applicationsCreated, 5);
      assert.equal(first.year2022.applications, 1);
      const rows = await database.db
        .selectFrom('applications')
        .select(['phase', 'is_open'])
        .where('received_on', '>=', '2023-01-01')
        .execute();
      const phases = rows.map((r) => r.phase).sort();
      assert.deepEqual(phases, ['archived', 'awaiting_supplement', 'processing', 'processing', 'replied']);
      const letters = await database.db.selectFrom('letters').select('kind').execute();
      // The last reply is the 2022 application's.
      assert.deepEqual(letters.map((l) => l.kind).sort(), [
        'reply',
        'reply',
        'reply',
        'supplement_notice',
        'supplement_notice',
      ]);
    });

    it('gives 承留镇’s 2022 tables 二, 三 and 四 exactly as its published report prints them', async () => {
      const report = await seedReport();
      const chengliu = (await listPublicAgencies(ctx.db)).find((a) => a.name === '承留镇')!;
      assert.deepEqual(await table2Of(ctx.db, chengliu.id, 2022), report.table2);
      assert.deepEqual(await table3Of(ctx.db, chengliu.id, 2022), report.table3);
      assert.deepEqual(await table4Of(ctx.db, chengliu.id, 2022), report.table4);
      // Not vacuous: the report's one application and 60 penalties are there.
      assert.equal(report.table3.carriedIn?.[6], 1);
      assert.equal(report.table2.penalty?.[0], 60);
      // The application came by e-mail at the end of 2021; its reply letter is of January 2022.
      const [application] = await ctx.db
        .selectFrom('applications')
        .select(['id', 'channel', 'received_on', 'phase'])
        .where('agency_id', '=', chengliu.id)
        .where('received_on', '<', '2023-01-01')
        .execute();
      assert.deepEqual(
        { channel: application!.channel, receivedOn: application!.received_on, phase: application!.phase },
        { channel: 'email', receivedOn: '2021-12-31', phase: 'archived' },
      );
      const letter = await ctx.db
        .selectFrom('letters')
        .select(['issued_on', 'document_number'])
        .where('application_id', '=', application!.id)
        .executeTakeFirstOrThrow();
      assert.equal(letter.issued_on, '2022-01-14');
      assert.match(letter.document_number, /〔2022〕1号$/);
    });

    it('gives 承留镇’s 2022 publications: 645 on the WeChat account and 259 on the portal, per category', async () => {
      assert.deepEqual(first.year2022, { applications: 1, items: 259, wechatPosts: 645 });
      const chengliu = (await listPublicAgencies(ctx.db)).find((a) => a.name === '承留镇')!;
      const counts = await channelCounts(ctx.db, chengliu.id, 2022, ctx.now());
      assert.equal(counts.wechat, 645);
      assert.equal(counts.portal, 259);
      assert.equal(
        Object.values(counts).reduce((a, b) => a + b, 0),
        904,
        'no other channel: 904 in all, as the report says',
      );
      // What the portal shows, page by page, of the items first published in 2022.
      const names = new Map((await listCatalogue(ctx.db, chengliu.id)).map((c) => [c.code, c.name]));
      const perCategory: Record<string, number> = {};
      const serials: number[] = [];
      for (let page = 1; ; page++) {
        const listed = await listPublishedItems(ctx, {
          agencyId: chengliu.id,
          page,
          pageSize: MAX_PUBLIC_PAGE_SIZE,
        });
        for (const item of listed.items.filter((i) => i.publishedOn.startsWith('2022-'))) {
          const code = item.categoryCode;
          const key = code.startsWith('ZD') ? names.get(code)! : code;
          perCategory[key] = (perCategory[key] ?? 0) + 1;
          const serial = /-2022-(\d{4})$/.exec(item.indexNumber);
          if (serial) serials.push(Number(serial[1]));
        }
        if (page * MAX_PUBLIC_PAGE_SIZE >= listed.total) break;
      }
      assert.deepEqual(perCategory, CATEGORY_COUNTS_2022);
      assert.deepEqual(
        serials.sort((a, b) => a - b),
        Array.from({ length: 259 }, (_, i) => i + 1),
        'every 2022 item has its 索引号 of 2022, the year numbered 1 to 259',
      );
      // Each went through the review workflow, in 2022, within the 20 working days of 第二十六条.
      const late = await ctx.db
        .selectFrom('disclosure_items')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('agency_id', '=', chengliu.id)
        .where('formed_on', '<=', '2022-12-31')
        .where((eb) => eb('working_published_on', '>', eb.ref('due_on')))
        .executeTakeFirstOrThrow();
      assert.equal(Number(late.n), 0);
      // And is found by the portal's search.
      const found = await searchDocuments(ctx.db, {
        q: '行政处罚案件信息公开',
        agencyIds: [chengliu.id],
        year: 2022,
        limit: 100,
      });
      assert.ok(found.hits.some((h) => h.title === '承留镇2022年3月行政处罚案件信息公开'));
    });

    it('gives 承留镇 主动公开 in every state, the portal showing only what is public and redacted', async () => {
      assert.equal(first.itemsCreated, 8);
      const chengliu = (await listPublicAgencies(ctx.db)).find((a) => a.name === '承留镇')!;
      const rows = await database.db
        .selectFrom('disclosure_items')
        .select(['phase'])
        .where('agency_id', '=', chengliu.id)
        .where('formed_on', '>=', '2023-01-01')
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
      assert.equal(listed.total, 4 + 259, 'these and the 259 of 2022');
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
        year2022: { applications: 0, items: 0, wechatPosts: 0 },
        services: { windows: 0, items: 0, events: 0, ratings: 0, complaints: 0 },
        accounts: [],
      });
      const afterwards = await Promise.all(
        (['agencies', 'users', 'role_grants', 'audit_log'] as const).map((t) => count(database, t)),
      );
      assert.deepEqual(afterwards, before);
    });

    it('audits the seeding as the seed-demo operator, without passwords', async () => {
      const records = await listAudit(ctx.db, { limit: 10_000 });
      // The demo's ratings are given by citizens (no user), as on the portal: not the operator's.
      const seeded = records.filter(
        (r) => r.user_id === null && r.action !== 'auth.login' && r.action !== 'service.rate',
      );
      // 10 agencies, 9 users, 9 grants, 5 applications registered and 8 events recorded on them,
      // and the 2022 application registered with 3 events (the items are audited as their staff).
      assert.equal(seeded.length, 10 + 9 + 9 + 5 + 8 + 1 + 3);
      assert.ok(seeded.every((r) => JSON.parse(r.details).system === 'seed-demo'));
      for (const record of records) {
        for (const account of first.accounts) assert.ok(!JSON.stringify(record).includes(account.password));
      }
      assert.deepEqual((await verifyAuditLog(ctx.db)).problems, []);
    });
  });
}
