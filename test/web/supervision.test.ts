// The supervisor's dashboard through app.inject on both engines: a 监督 user of the region sees
// both towns' report status, findings, deadline and overdue applications, the consolidated tables
// of the region, this year against last year in inline SVG charts with a table beside them, and
// exports all of it as an Excel workbook read back here; a town's supervisor sees only its town,
// another town's dashboard is 404, a role that does not supervise is 403, bad years are 400.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import {
  changePassword,
  createAgency,
  createUser,
  grantRole,
  login,
  type Role,
  resolveSession,
  systemActor,
} from '../../src/agencies/index.ts';
import { recordApplicationEvent, registerApplication } from '../../src/applications/index.ts';
import { applicant, intake } from '../../src/applications/testing.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import { registerExternalPublication } from '../../src/disclosures/index.ts';
import { saveYearCounts } from '../../src/normative/index.ts';
import {
  insertComplaintRow,
  insertItemRow,
  insertRatingRow,
  insertWindowRow,
} from '../../src/services/statistics-testing.ts';
import { SUPERVISION_SHEETS } from '../../src/web/office/supervision-xlsx.ts';
import {
  Browser,
  createWebFixture,
  TEST_PASSWORD,
  unescapeHtml,
  type WebFixture,
} from '../../src/web/testing.ts';

const operator = systemActor('supervision-test');
let ipCounter = 0;
const nextIp = () => `198.51.100.${++ipCounter}`;

/** The text of a page without tags, entities read. */
const textOf = (html: string) => unescapeHtml(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');

for (const engine of ENGINES) {
  describe(`supervisor's dashboard on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    let supervisor: Browser;
    let base: string;

    async function signedIn(
      agencyId: string,
      username: string,
      roles: Role[],
      subtree?: { agencyId: string; role: Role },
    ): Promise<Browser> {
      const { user, initialPassword } = await createUser(f.ctx, operator, {
        agencyId,
        username,
        displayName: username,
        roles,
      });
      if (subtree) await grantRole(f.ctx, operator, { userId: user.id, ...subtree, includeSubtree: true });
      const { token } = await login(f.ctx, { username, password: initialPassword });
      const principal = await resolveSession(f.ctx, token);
      assert.ok(principal);
      await changePassword(f.ctx, principal, { current: initialPassword, next: TEST_PASSWORD });
      const browser = new Browser(f.app, nextIp());
      assert.equal((await browser.signIn(username)).statusCode, 303);
      return browser;
    }

    before(async () => {
      f = await createWebFixture(engine);
      base = `/office/agencies/${encodeURIComponent(f.region.id)}/supervision`;
      const register = async (agencyId: string, receivedOn: string, name: string) =>
        (
          await registerApplication(f.ctx, operator, {
            ...intake(agencyId, { applicant: applicant({ name }) }),
            channel: 'letter',
            receivedOn,
          })
        ).applicationId;
      const granted = (id: string, at: string) =>
        recordApplicationEvent(f.ctx, operator, id, {
          type: 'decided',
          at,
          outcome: 'granted',
          legalBasis: '根据《中华人民共和国政府信息公开条例》第三十七条的规定，予以公开。',
        });
      // 2024: one application of 思礼镇, granted.
      f.clock.now = new Date('2024-05-10T02:00:00.000Z');
      await granted(await register(f.sili.id, '2024-05-09', '赵一'), '2024-05-10');
      // 2025: two of 承留镇, one granted, one received on 29 December and still open (overdue now).
      f.clock.now = new Date('2025-06-04T02:00:00.000Z');
      await granted(await register(f.chengliu.id, '2025-06-02', '钱二'), '2025-06-03');
      f.clock.now = new Date('2025-12-29T02:00:00.000Z');
      await register(f.chengliu.id, '2025-12-29', '孙三');
      await registerExternalPublication(f.ctx, operator, {
        agencyId: f.chengliu.id,
        channel: 'wechat',
        title: '承留镇危房改造公示',
        url: 'https://mp.weixin.qq.com/s/abc',
        publishedOn: '2025-05-09',
      });
      f.clock.now = new Date('2025-12-30T02:00:00.000Z');
      await saveYearCounts(f.ctx, operator, {
        agencyId: f.sili.id,
        counts: { year: 2025, licensing: 3, penalty: 2, enforcement: 0, feesYuan: 1234 },
      });
      f.clock.now = new Date('2026-03-02T02:00:00.000Z');
      supervisor = await signedIn(f.region.id, 'region.supervisor', [], {
        agencyId: f.region.id,
        role: 'supervisor',
      });
    });
    after(async () => f?.close());

    it('shows every town: status, findings, deadline, overdue applications, consolidated tables, charts', async () => {
      const page = await supervisor.get(`${base}?year=2025`);
      assert.equal(page.statusCode, 200, page.body.slice(0, 300));
      const html = page.body;
      const text = textOf(html);
      assert.match(text, /2025 年度政府信息公开工作年度报告监督 — 济源产城融合示范区/);
      // One row per reporting agency: the region itself and its two towns, each with its deadline.
      for (const name of ['济源产城融合示范区', '思礼镇', '承留镇'])
        assert.match(
          html,
          new RegExp(`<th scope="row"><a href="/office/agencies/[^"]+/reports/2025">${name}</a></th>`),
          name,
        );
      assert.match(text, /承留镇 乡镇（街道） 尚未起草 0 \d+ 2026-01-31 — 【已逾期未发布】 1 1/);
      assert.match(text, /超期未答复的申请 1 件（截至 2026-03-02）/);
      // The region's own report is due on 31 March (the government's 汇总 report), the towns' on 31 January.
      assert.match(text, /济源产城融合示范区 区域 尚未起草 0 \d+ 2026-03-31 — 未到期 0 0/);
      assert.match(text, /逾期（未发布或逾期发布） 2 个/);
      // The consolidated tables: 承留镇's two applications of 2025, one granted, one carried over.
      assert.match(text, /一、本年新收政府信息公开申请数量 2 0 0 0 0 0 2/);
      assert.match(text, /四、结转下年度继续办理 1 0 0 0 0 0 1/);
      assert.match(text, /济源产城融合示范区2025年政府信息公开工作年度报告（汇总）/);
      assert.match(text, /汇总 3 个机构：0 个按已发布的年度报告，3 个按当前数据生成的草稿/);
      assert.match(
        html,
        /<caption>三、收到和处理政府信息公开申请情况<\/caption>|收到和处理政府信息公开申请情况/,
      );
      // Fees of 思礼镇 alone: 1234 元 = 0.1234 万元; the towns without figures are named.
      assert.match(text, /0\.1234/);
      assert.match(text, /个单元格有机构未填报/);
      // Charts: inline SVG images with a title and a description, and the table beside them.
      const svgs = html.match(/<svg [^>]*role="img"[^>]*>/g) ?? [];
      assert.equal(svgs.length, 4);
      assert.match(html, /<title id="chart-rate-title">予以公开率：2025年与2024年<\/title>/);
      assert.match(html, /<desc id="chart-published-desc">主动公开政府信息：2025年1条，2024年0条<\/desc>/);
      assert.match(
        html,
        /<desc id="chart-applications-desc">本年新收政府信息公开申请：2025年2件，2024年1件；本年度办理结果总计：2025年1件，2024年1件/,
      );
      assert.match(text, /予以公开率（%） 100 100 0 个百分点/);
      assert.match(text, /本年新收政府信息公开申请（件） 2 1 \+1 \+100%/);
      assert.match(text, /主动公开政府信息（条） 1 0 \+1 —/);
      assert.doesNotMatch(html, /<script/);
      assert.match(html, /href="\/office\/agencies\/[^"]+\/supervision\/export\.xlsx\?year=2025"/);
    });

    it('opens last year by default and refuses bad years in Chinese', async () => {
      const page = await supervisor.get(base);
      assert.equal(page.statusCode, 200);
      assert.match(textOf(page.body), /2025 年度政府信息公开工作年度报告监督/);
      for (const year of ['abc', '2030', '2007']) {
        const refused = await supervisor.get(`${base}?year=${year}`);
        assert.equal(refused.statusCode, 400, year);
        assert.match(textOf(refused.body), /年/);
      }
    });

    it('exports the dashboard as a workbook with a sheet per block', async () => {
      const response = await supervisor.get(`${base}/export.xlsx?year=2025`);
      assert.equal(response.statusCode, 200);
      assert.equal(
        response.headers['content-type'],
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      assert.match(String(response.headers['content-disposition']), /attachment/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      assert.deepEqual(
        workbook.worksheets.map((s) => s.name),
        Object.values(SUPERVISION_SHEETS),
      );
      const rows = (name: string) => {
        const sheet = workbook.getWorksheet(name)!;
        const values: unknown[][] = [];
        sheet.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
        return values;
      };
      const summary = rows(SUPERVISION_SHEETS.summary);
      assert.deepEqual(
        summary.find((r) => r[0] === '超期未答复的申请（件）'),
        ['超期未答复的申请（件）', 1],
      );
      assert.deepEqual(
        summary.find((r) => r[0] === '应编制年度报告的机构（个）'),
        ['应编制年度报告的机构（个）', 3],
      );
      const status = rows(SUPERVISION_SHEETS.status);
      const chengliu = status.find((r) => r[0] === '承留镇')!;
      assert.deepEqual(chengliu.slice(8), [1, 1]);
      assert.equal(chengliu[2], '尚未起草');
      assert.equal(
        status.filter((r) => ['思礼镇', '承留镇', '济源产城融合示范区'].includes(String(r[0]))).length,
        3,
      );
      // Table 三 in the national layout: the 本年新收 row's 总计 is the last number, 2.
      const table3 = rows(SUPERVISION_SHEETS.table3);
      const newRow = table3.find((r) => String(r[0]).startsWith('一、本年新收'))!;
      assert.equal(newRow[newRow.length - 1], 2);
      const table2 = rows(SUPERVISION_SHEETS.table2);
      assert.ok(
        table2.some((r) => r.includes(0.1234)),
        'fees in 万元 as a number',
      );
      const comparison = rows(SUPERVISION_SHEETS.comparison);
      const newApplications = comparison.find((r) => r[0] === '本年新收政府信息公开申请')!;
      assert.deepEqual(newApplications.slice(1), ['件', 2, 1, 1, 100]);
      const members = rows(SUPERVISION_SHEETS.members);
      assert.ok(members.some((r) => r[0] === '思礼镇' && r[1] === '当前数据生成的草稿'));
    });

    it("a town's supervisor sees its town only; another town is 404; a role that does not supervise is 403", async () => {
      const town = await signedIn(f.sili.id, 'sili.supervisor', ['supervisor']);
      const own = await town.get(`/office/agencies/${encodeURIComponent(f.sili.id)}/supervision?year=2025`);
      assert.equal(own.statusCode, 200);
      assert.match(own.body, /<th scope="row"><a href="[^"]+">思礼镇<\/a><\/th>/);
      assert.doesNotMatch(own.body, /承留镇/);
      for (const url of [
        `/office/agencies/${encodeURIComponent(f.chengliu.id)}/supervision?year=2025`,
        `/office/agencies/${encodeURIComponent(f.chengliu.id)}/supervision/export.xlsx?year=2025`,
        `${base}?year=2025`,
      ])
        assert.equal((await town.get(url)).statusCode, 404, url);
      const editor = await signedIn(f.sili.id, 'sili.editor', ['editor']);
      const refused = await editor.get(`/office/agencies/${encodeURIComponent(f.sili.id)}/supervision`);
      assert.equal(refused.statusCode, 403);
      assert.equal(
        (await editor.get(`/office/agencies/${encodeURIComponent(f.sili.id)}/supervision/export.xlsx`))
          .statusCode,
        403,
      );
      // Signed out: to the login page.
      const anonymous = new Browser(f.app, nextIp());
      const redirected = await anonymous.get(`${base}?year=2025`);
      assert.equal(redirected.statusCode, 303);
    });

    it('shows the service hall of the agency and of its subtree: items, ratings, 不满意率, complaints', async () => {
      const db = f.database.db;
      const created = '2025-02-01T00:00:00.000Z';
      await insertWindowRow(db, f.chengliu.id, { created });
      await insertWindowRow(db, f.sili.id, { created });
      await insertItemRow(db, f.chengliu.id, { level: 'town', type: 'licensing', created });
      await insertItemRow(db, f.chengliu.id, { level: 'village', type: 'publicService', created });
      await insertItemRow(db, f.sili.id, { level: 'town', type: 'payment', created });
      // A village below 承留镇 keeps a service station: no annual report of its own, but its hall counts.
      const village = await createAgency(f.ctx, operator, {
        parentId: f.chengliu.id,
        kind: 'village',
        name: '承留村',
      });
      await insertWindowRow(db, village.id, { created });
      await insertItemRow(db, village.id, { level: 'village', type: 'licensing', created });
      for (const level of ['very_satisfied', 'satisfied', 'dissatisfied'])
        await insertRatingRow(db, f.chengliu.id, { level, at: '2025-05-06T02:00:00.000Z' });
      await insertComplaintRow(db, f.chengliu.id, {
        received: '2025-05-06T02:00:00.000Z',
        state: 'answered',
        dueOn: '2025-05-20',
        onTime: 1,
      });
      await insertComplaintRow(db, f.sili.id, {
        received: '2025-11-06T02:00:00.000Z',
        state: 'received',
        dueOn: '2025-11-20',
        onTime: null,
      });
      const page = (await supervisor.get(`${base}?year=2025`)).body;
      const text = textOf(page);
      // The region itself has no hall; its subtree has both towns'.
      assert.match(text, /服务窗口（个） 0 3 /);
      assert.match(
        text,
        /政务服务事项（项） 0 4 其中：乡镇级 0 2 其中：村级 0 2 其中：行政许可 0 2 其中：行政确认 0 0 其中：行政给付 0 1 /,
      );
      assert.match(
        text,
        /服务评价（条） 0 3 其中：非常满意 0 1 其中：满意 0 1 其中：基本满意 0 0 其中：不满意 0 1 其中：非常不满意 0 0 /,
      );
      assert.match(text, /不满意率（不满意与非常不满意之和占评价总数） — 33\.3% /);
      assert.match(text, /受理效能投诉（件） 0 2 已办结 0 1 按时办结 0 1 逾期未办结（截至 2026-03-02） 0 1 /);
      // A town's own dashboard: its figures in both columns.
      const town = await signedIn(f.chengliu.id, 'chengliu.supervisor', ['supervisor']);
      const own = textOf(
        (await town.get(`/office/agencies/${encodeURIComponent(f.chengliu.id)}/supervision?year=2025`)).body,
      );
      // This supervisor's grant is on the town alone: its village is not read.
      assert.match(own, /政务服务事项（项） 2 2 /);
      assert.match(own, /不满意率（不满意与非常不满意之和占评价总数） 33\.3% 33\.3% /);

      // The export's 政务服务 sheet has the panel's rows, figure for figure, as numbers.
      const response = await supervisor.get(`${base}/export.xlsx?year=2025`);
      assert.equal(response.statusCode, 200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet(SUPERVISION_SHEETS.services);
      assert.ok(sheet, 'the 政务服务 sheet');
      /** Each row as label and its two cells as shown (a percentage with its format applied). */
      const shown = new Map<string, unknown[]>();
      sheet.eachRow((row) => {
        const values = [2, 3].map((c) => {
          const cell = row.getCell(c);
          return cell.numFmt === '0.0%' && typeof cell.value === 'number'
            ? `${(cell.value * 100).toFixed(1)}%`
            : cell.value;
        });
        shown.set(String(row.getCell(1).value), values);
      });
      assert.deepEqual(shown.get('项目'), ['本机关', '含全部下级机构']);
      assert.deepEqual(shown.get('服务窗口（个）'), [0, 3]);
      assert.deepEqual(shown.get('政务服务事项（项）'), [0, 4]);
      assert.deepEqual(shown.get('其中：行政给付'), [0, 1]);
      assert.deepEqual(shown.get('服务评价（条）'), [0, 3]);
      assert.deepEqual(shown.get('不满意率（不满意与非常不满意之和占评价总数）'), ['—', '33.3%']);
      const ratio = sheet.getRow(
        [...shown.keys()].indexOf('不满意率（不满意与非常不满意之和占评价总数）') + 1,
      );
      assert.equal(ratio.getCell(3).value, 0.333, 'a number, not text');
      assert.deepEqual(shown.get('逾期未办结（截至 2026-03-02）'), [0, 1]);
      // Every row of the page's panel is in the sheet with the same figures.
      const panel = page.slice(page.indexOf('id="services-title"'));
      const pageRows = [
        ...panel
          .slice(0, panel.indexOf('</table>'))
          .matchAll(
            /<th scope="row">([^<]+)<\/th><td class="num">([^<]+)<\/td><td class="num">([^<]+)<\/td>/g,
          ),
      ];
      // Title, note and header above the figures; as many figures as the page has rows.
      assert.equal(pageRows.length, shown.size - 3);
      assert.ok(pageRows.length > 15);
      for (const [, label, agency, subtree] of pageRows) {
        const cells = shown.get(unescapeHtml(label!));
        assert.ok(cells, label);
        assert.deepEqual(
          cells.map((v) => String(v)),
          [agency, subtree],
          label,
        );
      }
    });

    it('links the dashboard from the supervisor’s home page', async () => {
      const home = await supervisor.get('/office');
      assert.match(home.body, new RegExp(`href="${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
    });
  });
}
