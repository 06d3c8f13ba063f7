// The holiday arrangements in the back office: any staff sees the years known; only an admin of
// the top-level agency enters one, through a lenient form that keeps what was typed on error.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { changePassword, createUser, login, resolveSession, systemActor } from '../../src/agencies/index.ts';
import { loadWorkingDayCalendar } from '../../src/calendar/index.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import {
  Browser,
  createWebFixture,
  TEST_PASSWORD,
  unescapeHtml,
  type WebFixture,
} from '../../src/web/testing.ts';

let ipCounter = 0;
const nextIp = () => `198.51.100.${++ipCounter}`;

const SOURCE_2027 = '国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕99号）';
// As an admin might type it: full-width digits, ～ and -, a blank line, a label.
const FORM_2027 = {
  year: '２０２７',
  source: SOURCE_2027,
  holidays:
    '元旦：2027-01-01 至 2027-01-03\r\n\r\n２０２７－０２－０５ ～ ２０２７－０２－１３\r\n2027-04-05',
  makeupWorkdays: '2027-02-14\r\n',
};

/** HTML text as the browser reads it; kitajs writes a quote in an attribute as &#34;. */
const decode = (html: string) => unescapeHtml(html.replace(/&#34;/g, '&quot;'));

/** The text of the textarea named, as the browser shows it. */
function textarea(html: string, name: string): string | undefined {
  const raw = new RegExp(`<textarea[^>]* name="${name}"[^>]*>([^<]*)</textarea>`).exec(html)?.[1];
  return raw === undefined ? undefined : decode(raw).replace(/^\n/, '');
}

/** The value of the text input named. */
function input(html: string, name: string): string | undefined {
  const raw = new RegExp(`<input[^>]* name="${name}"[^>]* value="([^"]*)"`).exec(html)?.[1];
  return raw === undefined ? undefined : decode(raw);
}

/** No script element: not in the text, and no attribute value broken out of (pages need no script). */
function assertNoScript(html: string): void {
  const outsideAttributes = html.replace(/="[^"]*"/g, '=""');
  assert.doesNotMatch(outsideAttributes, /<script/i);
}

/** The row of a year in the list. */
function yearRow(html: string, year: number): string {
  const row = new RegExp(`<tr id="year-${year}">(.*?)</tr>`, 's').exec(html)?.[1];
  assert.ok(row, `a row for ${year}`);
  return row;
}

for (const engine of ENGINES) {
  describe(`holiday arrangements in the back office on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    /** An admin of 济源产城融合示范区, the top-level agency. */
    let rootAdmin: Browser;

    /** What a refused or invalid request must leave as it was. */
    async function stored() {
      const years = await f.database.db.selectFrom('holiday_years').selectAll().orderBy('year').execute();
      const audit = await f.database.db
        .selectFrom('audit_log')
        .select(['seq', 'action', 'object_id'])
        .orderBy('seq')
        .execute();
      return { years, audit };
    }

    async function signedIn(username: string): Promise<Browser> {
      const browser = new Browser(f.app, nextIp());
      assert.equal((await browser.signIn(username)).statusCode, 303, `${username} signs in`);
      return browser;
    }

    before(async () => {
      f = await createWebFixture(engine);
      const created = await createUser(f.ctx, systemActor('test'), {
        agencyId: f.region.id,
        username: 'region.admin',
        displayName: '周管理',
        roles: ['admin'],
      });
      const { token } = await login(f.ctx, { username: 'region.admin', password: created.initialPassword });
      const principal = await resolveSession(f.ctx, token);
      await changePassword(f.ctx, principal!, { current: created.initialPassword, next: TEST_PASSWORD });
      rootAdmin = await signedIn('region.admin');
    });
    after(async () => {
      await f?.close();
    });

    it('shows any staff the shipped years with their notices, and next year as not yet entered', async () => {
      const clerk = await signedIn('sili.clerk');
      const office = await clerk.get('/office');
      assert.match(office.body, /<a href="\/office\/calendar">节假日安排<\/a>/, 'in the navigation');
      const page = await clerk.get('/office/calendar');
      assert.equal(page.statusCode, 200);
      for (const year of [2022, 2023, 2024, 2025, 2026]) {
        const row = yearRow(page.body, year);
        assert.match(row, new RegExp(`国务院办公厅关于${year}年部分节假日安排的通知`));
        assert.match(row, /正式（随系统提供）/);
      }
      assert.match(yearRow(page.body, 2026), /<td data-label="放假时段">\d+ 个<\/td>/);
      // The fixture's clock stands in March 2026: deadlines reach into 2027.
      const next = yearRow(page.body, 2027);
      assert.match(next, /暂未录入 — 期限按仅扣除周末推算/);
      assert.match(next, /暂定/);
      assert.doesNotMatch(page.body, /href="\/office\/calendar\/new/, 'no form for a clerk');
    });

    it('sends an anonymous visitor to the login page and back', async () => {
      const anonymous = new Browser(f.app, nextIp());
      for (const url of ['/office/calendar', '/office/calendar/new?year=2027']) {
        const response = await anonymous.get(url);
        assert.equal(response.statusCode, 303);
        assert.equal(response.headers.location, `/office/login?next=${encodeURIComponent(url)}`);
      }
      const post = await anonymous.post('/office/calendar', FORM_2027);
      assert.equal(post.statusCode, 303);
      assert.equal(post.headers.location, '/office/login');
    });

    it('keeps a bad line, with the Chinese reason and what was typed, and writes nothing', async () => {
      const form = await rootAdmin.get('/office/calendar/new');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<h1>录入节假日安排<\/h1>/);
      const before = await stored();
      const typed = {
        ...FORM_2027,
        holidays: '2027-01-01 至 2027-01-03\n2027-02-30\n\n春节七天',
      };
      const bad = await rootAdmin.post('/office/calendar', typed);
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /节假日安排有误，请核对后重新录入。/);
      assert.match(bad.body, /放假时段第 2 行：2027-02-30 不是有效日期。/);
      assert.match(bad.body, /放假时段第 4 行“春节七天”无法识别/);
      assert.equal(input(bad.body, 'year'), '２０２７');
      assert.equal(input(bad.body, 'source'), SOURCE_2027);
      assert.equal(textarea(bad.body, 'holidays'), typed.holidays);
      assert.equal(textarea(bad.body, 'makeupWorkdays'), typed.makeupWorkdays);
      assert.deepEqual(await stored(), before);
    });

    it('shows the statute’s objections to a readable form, and writes nothing', async () => {
      await rootAdmin.get('/office/calendar/new');
      const before = await stored();
      // 2027-02-15 is a Monday: not a make-up working day; the source is too short.
      const bad = await rootAdmin.post('/office/calendar', {
        ...FORM_2027,
        source: '通知',
        makeupWorkdays: '2027-02-15',
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /请填写国务院通知的名称或文号。/);
      assert.match(bad.body, /调休上班日 2027-02-15 不是周末。/);
      assert.equal(textarea(bad.body, 'makeupWorkdays'), '2027-02-15');
      assert.deepEqual(await stored(), before);
    });

    it('refuses a POST without a CSRF token and writes nothing', async () => {
      await rootAdmin.get('/office/calendar/new');
      const before = await stored();
      const missing = await rootAdmin.post('/office/calendar', FORM_2027, { csrf: false });
      assert.equal(missing.statusCode, 403);
      assert.match(missing.body, /页面已过期或请求来源无法确认/);
      const forged = await rootAdmin.post('/office/calendar', FORM_2027, { csrf: 'x'.repeat(43) });
      assert.equal(forged.statusCode, 403);
      assert.deepEqual(await stored(), before);
    });

    it('refuses a town admin and a clerk as the use case does, and writes nothing', async () => {
      for (const username of ['sili.admin', 'sili.clerk']) {
        const browser = await signedIn(username);
        const list = await browser.get('/office/calendar');
        assert.doesNotMatch(list.body, /href="\/office\/calendar\/new/, username);
        const form = await browser.get('/office/calendar/new?year=2027');
        assert.equal(form.statusCode, 200, username);
        assert.match(form.body, /只有最上级机构的系统管理员可以录入或修改节假日安排/, username);
        assert.doesNotMatch(form.body, /name="holidays"/, `${username}: no form`);
        const before = await stored();
        for (const body of [FORM_2027, { ...FORM_2027, holidays: '2027-02-30' }]) {
          const refused = await browser.post('/office/calendar', body);
          assert.equal(refused.statusCode, 403, username);
          assert.match(refused.body, /您没有进行此项操作的权限/, username);
        }
        assert.deepEqual(await stored(), before, `${username}: nothing written`);
      }
    });

    it('lets the root admin enter 2027: listed as entered with its notice, audited, in force', async () => {
      await rootAdmin.get('/office/calendar/new?year=2027');
      const before = await stored();
      const ok = await rootAdmin.post('/office/calendar', FORM_2027);
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
      assert.equal(ok.headers.location, '/office/calendar?done=entered&year=2027');
      const list = await rootAdmin.get(String(ok.headers.location));
      assert.match(list.body, /已保存 2027 年节假日安排/);
      const row = yearRow(list.body, 2027);
      assert.ok(row.includes(SOURCE_2027), row);
      assert.match(row, /正式（管理员录入）/);
      assert.match(row, /<td data-label="放假时段">3 个<\/td>/);
      assert.match(row, /<td data-label="调休上班日">1 天<\/td>/);
      assert.match(row, /href="\/office\/calendar\/new\?year=2027">修改</);
      const after = await stored();
      assert.equal(after.years.length, before.years.length + 1);
      const entered = after.audit.filter((r) => !before.audit.some((b) => b.seq === r.seq));
      assert.deepEqual(
        entered.map((r) => [r.action, r.object_id]),
        [['calendar.enter_year', '2027']],
      );
      const calendar = await loadWorkingDayCalendar(f.database.db);
      assert.ok(calendar.officialYears.has(2027));
      assert.ok(calendar.holidays.has('2027-02-13'));
      assert.ok(calendar.makeupWorkdays.has('2027-02-14'));
      // Any staff sees it too.
      const clerk = await signedIn('sili.clerk');
      assert.ok(yearRow((await clerk.get('/office/calendar')).body, 2027).includes(SOURCE_2027));
    });

    it('prefills the form of a known year, and a correction replaces it', async () => {
      const form = await rootAdmin.get('/office/calendar/new?year=2027');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<h1>修改 2027 年节假日安排<\/h1>/);
      assert.equal(input(form.body, 'year'), '2027');
      assert.equal(input(form.body, 'source'), SOURCE_2027);
      assert.equal(
        textarea(form.body, 'holidays'),
        '2027-01-01 至 2027-01-03\n2027-02-05 至 2027-02-13\n2027-04-05',
      );
      assert.equal(textarea(form.body, 'makeupWorkdays'), '2027-02-14');
      const shipped = await rootAdmin.get('/office/calendar/new?year=2026');
      assert.match(shipped.body, /<h1>修改 2026 年节假日安排<\/h1>/);
      assert.match(textarea(shipped.body, 'holidays') ?? '', /^2026-01-01 至 2026-01-03\n/);
      const fresh = await rootAdmin.get('/office/calendar/new?year=2029');
      assert.match(fresh.body, /<h1>录入节假日安排<\/h1>/);
      assert.equal(input(fresh.body, 'year'), '2029');
      assert.equal(textarea(fresh.body, 'holidays'), '');

      const corrected = await rootAdmin.post('/office/calendar', {
        year: '2027',
        source: `${SOURCE_2027}（更正）`,
        holidays: textarea(form.body, 'holidays')!,
        makeupWorkdays: '',
      });
      assert.equal(corrected.statusCode, 303);
      const row = yearRow((await rootAdmin.get('/office/calendar')).body, 2027);
      assert.match(row, /（更正）/);
      assert.match(row, /<td data-label="调休上班日">0 天<\/td>/);
      const years = await f.database.db.selectFrom('holiday_years').select('year').execute();
      assert.deepEqual(
        years.map((y) => Number(y.year)),
        [2027],
      );
    });

    it('escapes <script> in the source, in the form and in the list', async () => {
      await rootAdmin.get('/office/calendar/new');
      // Breaking out of the value attribute first, then a script in text.
      const source = '"><script>alert(1)</script>国务院办公厅通知';
      const bad = await rootAdmin.post('/office/calendar', {
        ...FORM_2027,
        year: '2028',
        source,
        holidays: '2028-01-01\n<script>alert(2)</script>',
      });
      assert.equal(bad.statusCode, 400);
      assertNoScript(bad.body);
      assert.match(bad.body, /“&lt;script>alert\(2\)&lt;\/script>”无法识别/);
      assert.equal(input(bad.body, 'source'), source);
      assert.equal(textarea(bad.body, 'holidays'), '2028-01-01\n<script>alert(2)</script>');

      const ok = await rootAdmin.post('/office/calendar', {
        year: '2028',
        source,
        holidays: '2028-01-01',
        makeupWorkdays: '',
      });
      assert.equal(ok.statusCode, 303);
      const list = await rootAdmin.get('/office/calendar');
      assertNoScript(list.body);
      assert.ok(decode(yearRow(list.body, 2028)).includes(source));
      const edit = await rootAdmin.get('/office/calendar/new?year=2028');
      assertNoScript(edit.body);
      assert.equal(input(edit.body, 'source'), source);
    });
  });
}
