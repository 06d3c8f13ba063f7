// The annual report in the back office and on the portal through app.inject, on both engines: the
// 2025 draft of 承留镇 built from three applications; a planted mismatch in section 一 is flagged
// beside its sentence, approval is refused (button disabled, POST refused, nothing written) until the
// clerk fixes the text; approved and published, the report is on the portal (only then) with DOCX
// and XLSX downloads whose table 三 reads back the data's numbers. Also: stale forms, CSRF, roles
// (403), another agency and guessed ids (404, nothing written), and the import of an earlier year's file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import {
  changePassword,
  createUser,
  login,
  type Role,
  resolveSession,
  systemActor,
} from '../../src/agencies/index.ts';
import { approveReport, publishReport } from '../../src/annual-reports/index.ts';
import { recordApplicationEvent, registerApplication } from '../../src/applications/index.ts';
import { applicant, intake } from '../../src/applications/testing.ts';
import { ENGINES, skipUnless } from '../../src/db/testing.ts';
import { staff } from '../../src/disclosures/testing.ts';
import { parseReport } from '../../src/reports/parse/parse-report.ts';
import { TABLE_SHEETS } from '../../src/reports/render/to-xlsx.ts';
import { TABLE3_ROWS } from '../../src/reports/report-format.ts';
import {
  Browser,
  createWebFixture,
  TEST_PASSWORD,
  unescapeHtml,
  type WebFixture,
} from '../../src/web/testing.ts';
import { skipWithoutBrowser } from '../e2e/browser.ts';

const operator = systemActor('annual-report-web-test');
const SEED = readFileSync(new URL('../../../shared/seed/000_aa5fa00d655c084b.txt', import.meta.url));
let ipCounter = 0;
const nextIp = () => `198.51.100.${++ipCounter}`;

const PLANTED = '本年度新收政府信息公开申请9件。';

/** The hidden event count of the page's first step or draft form. */
function eventCount(html: string): string {
  const count = /name="expectedEventCount" value="(\d+)"/.exec(html)?.[1];
  assert.ok(count, 'the page has a form');
  return count;
}

/** The text of a text area of the page, as the browser would submit it. */
function textArea(html: string, name: string): string {
  const match = new RegExp(`<textarea[^>]*name="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  assert.ok(match, `a text area ${name}`);
  return unescapeHtml(match[1]!).replace(/^\n/, '');
}

function hidden(html: string, name: string): string | undefined {
  const value = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html)?.[1];
  return value === undefined ? undefined : unescapeHtml(value);
}

/** The draft form as the browser sends it, with the section texts changed as given. */
function draftForm(html: string, texts: Partial<Record<'overview' | 'problems' | 'other', string>> = {}) {
  const form: Record<string, string> = { expectedEventCount: eventCount(html) };
  for (const key of ['overview', 'problems', 'other'] as const) {
    form[key] = texts[key] ?? textArea(html, key);
    const drafted = hidden(html, `${key}Drafted`);
    if (drafted !== undefined) form[`${key}Drafted`] = drafted;
  }
  return form;
}

function multipart(fields: Record<string, string>, file: { filename: string; content: Uint8Array }) {
  const boundary = '----gongkaiReportBoundary7Hq';
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  chunks.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: text/plain\r\n\r\n`,
    ),
    Buffer.from(file.content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

for (const engine of ENGINES) {
  describe(`annual report pages on ${engine}`, { skip: await skipUnless(engine) }, () => {
    let f: WebFixture;
    let editor: Browser;
    let approver: Browser;
    let siliEditor: Browser;

    async function seed(agencyId: string, username: string, roles: Role[]) {
      const created = await createUser(f.ctx, operator, { agencyId, username, displayName: username, roles });
      const { token } = await login(f.ctx, { username, password: created.initialPassword });
      const principal = await resolveSession(f.ctx, token);
      assert.ok(principal);
      await changePassword(f.ctx, principal, { current: created.initialPassword, next: TEST_PASSWORD });
    }

    async function signedIn(username: string): Promise<Browser> {
      const browser = new Browser(f.app, nextIp());
      assert.equal((await browser.signIn(username)).statusCode, 303, `${username} signs in`);
      assert.equal((await browser.get('/office')).statusCode, 200);
      return browser;
    }

    const reports = (agencyId = f.chengliu.id) => `/office/agencies/${agencyId}/reports`;
    const report = (year = 2025, agencyId = f.chengliu.id) => `${reports(agencyId)}/${year}`;
    const portal = (year = 2025, agencyId = f.chengliu.id) => `/agencies/${agencyId}/annual-reports/${year}`;

    /** The stored row of the year, to prove that a refused request changed nothing. */
    const stored = (year = 2025, agencyId = f.chengliu.id) =>
      f.database.db
        .selectFrom('annual_reports')
        .selectAll()
        .where('agency_id', '=', agencyId)
        .where('year', '=', year)
        .executeTakeFirst();

    before(async () => {
      f = await createWebFixture(engine);
      await seed(f.chengliu.id, 'cl.report.editor', ['editor']);
      await seed(f.chengliu.id, 'cl.report.approver', ['approver']);
      await seed(f.sili.id, 'sl.report.editor', ['editor']);
      // 2025: three applications of 自然人, two answered 予以公开, one carried into 2026.
      const handler = await staff(f.ctx, f.chengliu.id, 'cl.report.handler', ['handler']);
      f.clock.now = new Date('2025-06-10T02:00:00.000Z');
      const ids: string[] = [];
      for (const name of ['张三', '李四', '王五'])
        ids.push(
          (
            await registerApplication(f.ctx, handler, {
              ...intake(f.chengliu.id, { applicant: applicant({ name }) }),
              channel: 'letter',
              receivedOn: '2025-06-10',
            })
          ).applicationId,
        );
      f.clock.now = new Date('2025-06-12T02:00:00.000Z');
      for (const id of ids.slice(0, 2))
        await recordApplicationEvent(f.ctx, handler, id, {
          type: 'decided',
          at: '2025-06-12',
          outcome: 'granted',
          legalBasis: '根据《中华人民共和国政府信息公开条例》第三十七条的规定，予以公开。',
        });
      f.clock.now = new Date('2026-03-02T02:00:00.000Z');
      editor = await signedIn('cl.report.editor');
      approver = await signedIn('cl.report.approver');
      siliEditor = await signedIn('sl.report.editor');
    });
    after(async () => f?.close());

    it('lists the years with state and deadline, and shows the draft built from the data', async () => {
      const list = await editor.get(reports());
      assert.equal(list.statusCode, 200);
      assert.ok(list.body.includes(`href="${report()}"`), 'the 2025 report is listed');
      assert.ok(list.body.includes('2026-01-31'), 'the statutory deadline of a town');
      assert.ok(list.body.includes('已逾期未发布'), 'the late flag');
      assert.equal((await editor.get(`${reports()}?year=2024`)).headers.location, report(2024));

      const page = await editor.get(report());
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes('承留镇2025年政府信息公开工作年度报告'));
      assert.ok(page.body.includes('未发现问题') || !page.body.includes('<mark class="error">'));
      // Table 三 as printed: 本年新收 3 in the 自然人 column.
      assert.match(page.body, /本年新收政府信息公开申请数量<\/th><td class="n"><span>3<\/span>/);
      assert.ok(textArea(page.body, 'overview').includes('3件'), 'section 一 drafted with the numbers');
      assert.ok(page.body.includes('<textarea id="report-overview"'), 'the clerk edits section 一');
      assert.equal(hidden(page.body, 'overviewDrafted'), textArea(page.body, 'overview'));
    });

    it('flags a planted mismatch beside its sentence, refuses approval until it is fixed, then approves and publishes', async () => {
      const page = await editor.get(report());
      const drafted = textArea(page.body, 'overview');
      const saved = await editor.post(
        `${report()}/draft`,
        draftForm(page.body, { overview: `${drafted}\n${PLANTED}` }),
      );
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 500));
      const flagged = await editor.get(report());
      // The sentence is marked where it stands, the finding beside it and in the summary at the top.
      const mark = /<mark class="error"><span>([^<]*)<\/span><a href="#finding-(\d+)"/.exec(flagged.body);
      assert.ok(mark, 'the planted sentence is marked');
      assert.equal(mark[1], PLANTED);
      const note = new RegExp(
        `<p class="finding-note error" id="finding-${mark[2]}"[^>]*>[\\s\\S]*?</p>`,
      ).exec(flagged.body);
      assert.ok(note?.[0].includes('正文称') && note[0].includes('9 件'), 'the finding beside it');
      assert.ok(
        flagged.body.indexOf(`id="summary-${mark[2]}"`) < flagged.body.indexOf(mark[0]),
        'summary first',
      );
      assert.ok(textArea(flagged.body, 'overview').endsWith(PLANTED), 'the clerk’s text kept');
      assert.equal(hidden(flagged.body, 'overviewDrafted'), undefined, 'no longer the drafted text');

      // The approver sees why approval is impossible; the button is disabled and a POST refused.
      const blocked = await approver.get(report());
      assert.match(blocked.body, /报告有 \d+ 项错误，不能审批/);
      assert.match(
        blocked.body,
        /<button type="submit" disabled aria-describedby="approve-blocked">审批通过/,
      );
      const before = await stored();
      const refused = await approver.post(`${report()}/approve`, {
        expectedEventCount: eventCount(blocked.body),
      });
      assert.equal(refused.statusCode, 409);
      assert.ok(refused.body.includes('不能审批年度报告'), refused.body.slice(0, 300));
      assert.deepEqual(await stored(), before, 'nothing written');

      // A stale form (shown before the save) is refused and changes nothing.
      const stale = await editor.post(`${report()}/draft`, draftForm(page.body));
      assert.equal(stale.statusCode, 409);
      assert.ok(
        stale.body.includes('该年度报告已被他人更新'),
        stale.body.slice(stale.body.indexOf('error-summary') - 20, stale.body.indexOf('error-summary') + 600),
      );
      assert.deepEqual(await stored(), before);

      // The clerk fixes the sentence: the finding is gone and the approver approves.
      const fixed = await editor.post(
        `${report()}/draft`,
        draftForm(flagged.body, { overview: `${drafted}\n本年度新收政府信息公开申请3件。` }),
      );
      assert.equal(fixed.statusCode, 303);
      const clean = await approver.get(report());
      assert.ok(
        !clean.body.includes('<mark class="error">'),
        clean.body.slice(clean.body.indexOf('检查结果'), clean.body.indexOf('检查结果') + 3000),
      );
      assert.ok(!clean.body.includes('不能审批'), 'approvable');
      // Only on the portal once published.
      assert.equal((await new Browser(f.app).get(portal())).statusCode, 404);
      const approved = await approver.post(`${report()}/approve`, {
        expectedEventCount: eventCount(clean.body),
      });
      assert.equal(approved.statusCode, 303, approved.body.slice(0, 500));
      assert.equal((await stored())?.state, 'approved');
      assert.equal((await new Browser(f.app).get(portal())).statusCode, 404, 'approved is not public');
      assert.equal(approved.headers.location, `${report()}?done=approved`);
      const first = await approver.get(String(approved.headers.location));
      assert.ok(first.body.includes('年度报告已审批，可以发布'), 'the notice');
      // The approved report has no text areas; the clerk sends it back, and the approver approves again.
      const frozen = await editor.get(report());
      assert.ok(!frozen.body.includes('<textarea id="report-overview"'), 'no editing once approved');
      assert.ok(!frozen.body.includes('>发布</button>'), 'the clerk cannot publish');
      const revised = await editor.post(`${report()}/revise`, {
        expectedEventCount: eventCount(frozen.body),
        reason: '请补充第五部分',
      });
      assert.equal(revised.statusCode, 303, revised.body.slice(0, 300));
      assert.equal((await stored())?.state, 'draft');
      const again = await approver.get(report());
      const reapproved = await approver.post(`${report()}/approve`, {
        expectedEventCount: eventCount(again.body),
      });
      assert.equal(reapproved.statusCode, 303);
      const ready = await approver.get(report());
      assert.ok(ready.body.includes('>发布</button>'), 'the approver may publish');
      const published = await approver.post(`${report()}/publish`, {
        expectedEventCount: eventCount(ready.body),
      });
      assert.equal(published.statusCode, 303);
      const row = await stored();
      assert.equal(row?.state, 'published');
      assert.equal(row?.published_on, '2026-03-02');
      assert.equal(Number(row?.late), 1, 'after 31 January: late');
    });

    it('shows the published report on the portal with DOCX and XLSX that read back the data', async () => {
      const citizen = new Browser(f.app);
      const column = await citizen.get(`/agencies/${f.chengliu.id}/annual-reports`);
      assert.equal(column.statusCode, 200);
      assert.ok(column.body.includes(`href="${portal()}"`), 'listed in the column');
      const page = await citizen.get(portal());
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes('承留镇2025年政府信息公开工作年度报告'));
      assert.ok(page.body.includes('class="table-wrap"'), 'tables scroll in their wrapper');
      assert.ok(page.body.includes('本年度新收政府信息公开申请3件。'));
      assert.ok(!page.body.includes('<style>'), 'inside the portal layout, no inline style');

      const docx = await citizen.get(`${portal()}/report.docx`);
      assert.equal(docx.statusCode, 200);
      assert.match(String(docx.headers['content-disposition']), /attachment/);
      const parsed = await parseReport(new Uint8Array(docx.rawPayload), 'report.docx');
      assert.deepEqual(parsed.report.table3.new, [3, 0, 0, 0, 0, 0, 3]);
      assert.deepEqual(parsed.report.table3.granted, [2, 0, 0, 0, 0, 0, 2]);
      assert.deepEqual(parsed.report.table3.carriedOut, [1, 0, 0, 0, 0, 0, 1]);

      const xlsx = await citizen.get(`${portal()}/report.xlsx`);
      assert.equal(xlsx.statusCode, 200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = book.getWorksheet(TABLE_SHEETS.table3);
      assert.ok(sheet, 'the sheet of table 三');
      const rowOf = (label: string) => {
        let found: number[] | null = null;
        sheet.eachRow((row) => {
          const values = (row.values as unknown[]).slice(1);
          if (values.some((v) => v === label))
            found = values.filter((v) => typeof v === 'number') as number[];
        });
        return found;
      };
      const label = (key: string) => TABLE3_ROWS.find((r) => r.key === key)!.label;
      assert.deepEqual(rowOf(label('new')), [3, 0, 0, 0, 0, 0, 3]);
      assert.deepEqual(rowOf(label('carriedOut')), [1, 0, 0, 0, 0, 0, 1]);
      // The same bytes again: published once, never rebuilt.
      assert.deepEqual((await citizen.get(`${portal()}/report.xlsx`)).rawPayload, xlsx.rawPayload);
    });

    it('gives the PDF through chromium', { skip: skipWithoutBrowser() }, async () => {
      const pdf = await new Browser(f.app).get(`${portal()}/report.pdf`);
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.equal(pdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
    });

    it('answers 404 to a draft year, a guessed agency and another agency’s staff, and writes nothing', async () => {
      const citizen = new Browser(f.app);
      assert.equal((await citizen.get(portal(2024))).statusCode, 404);
      assert.equal((await citizen.get(`${portal(2024)}/report.docx`)).statusCode, 404);
      assert.equal((await citizen.get(portal(2025, 'no-such-agency'))).statusCode, 404);
      assert.equal((await siliEditor.get(reports())).statusCode, 404);
      assert.equal((await siliEditor.get(report(2024))).statusCode, 404);
      await siliEditor.get(reports(f.sili.id));
      const before = await stored(2024);
      const foreign = await siliEditor.post(`${report(2024)}/draft`, {
        expectedEventCount: '0',
        overview: '探针',
      });
      assert.equal(foreign.statusCode, 404);
      assert.equal(
        (await editor.post(`${report(2024, 'guessed-id')}/draft`, { expectedEventCount: '0' })).statusCode,
        404,
      );
      assert.deepEqual(await stored(2024), before);
      assert.equal(before, undefined);
    });

    it('refuses a form without its CSRF token and a step of another role, writing nothing', async () => {
      await editor.get(report(2024));
      const noToken = await editor.post(
        `${report(2024)}/draft`,
        { expectedEventCount: '0', overview: '探针' },
        { csrf: false },
      );
      assert.equal(noToken.statusCode, 403);
      const wrong = await editor.post(
        `${report(2024)}/draft`,
        { expectedEventCount: '0', overview: '探针' },
        { csrf: 'x'.repeat(43) },
      );
      assert.equal(wrong.statusCode, 403);
      assert.equal(
        (await editor.post(`${report(2024)}/approve`, { expectedEventCount: '0' })).statusCode,
        403,
      );
      assert.equal(
        (await approver.post(`${report(2024)}/draft`, { expectedEventCount: '0' })).statusCode,
        403,
      );
      assert.equal(await stored(2024), undefined);
    });

    it('imports an earlier year’s report file and shows its findings', async () => {
      const form = await editor.get(`${reports()}/import`);
      assert.equal(form.statusCode, 200);
      const token = /\?_csrf=([^"&]+)"/.exec(form.body)?.[1];
      assert.ok(token);
      const { payload, contentType } = multipart(
        { year: '' },
        { filename: '承留镇2022年报.txt', content: SEED },
      );
      const upload = async (csrf: string): Promise<LightMyRequestResponse> =>
        f.app.inject({
          method: 'POST',
          url: `${reports()}/import?_csrf=${csrf}`,
          remoteAddress: editor.ip,
          headers: { cookie: editor.cookieHeader(), 'content-type': contentType },
          payload,
        });
      assert.equal((await upload('wrong')).statusCode, 403);
      assert.equal(await stored(2022), undefined);
      const imported = await upload(token);
      assert.equal(imported.statusCode, 303, imported.body.slice(0, 400));
      assert.equal(imported.headers.location, `${report(2022)}?done=imported`);
      const page = await editor.get(String(imported.headers.location));
      assert.ok(page.body.includes('报告已导入'));
      assert.ok(page.body.includes('导入的历史报告'));
      // The seed's narrative says 1 new application where table 三 has 0: flagged beside the sentence.
      assert.match(page.body, /<mark class="error">/);
      // …and beside the cell it names: table 三's 本年新收 总计, which says 0.
      assert.match(
        page.body,
        /<td class="n flagged error"><span>0<\/span><a href="#finding-\d+" class="finding-ref">/,
      );
      assert.ok(page.body.includes('承留镇2022年报.txt'));
      // A second import of a published year is refused in the form.
      const again = await upload(token);
      assert.equal(again.statusCode, 409);
      assert.ok(again.body.includes('已有已发布的年度报告'));
      assert.ok(
        (await new Browser(f.app).get(portal(2022))).statusCode === 200,
        'imported reports are public',
      );
      // The 2023 draft shows 2022's section 五 beside its own, and takes 2022 as the cross-year context.
      const seedProblems = (await parseReport(new Uint8Array(SEED), 'seed.txt')).report.sections.find(
        (x) => x.key === 'problems',
      )!.paragraphs;
      assert.ok(seedProblems.length > 0);
      const next = await editor.get(report(2023));
      const aside = /<aside class="panel"[\s\S]*?<\/aside>/.exec(next.body)?.[0] ?? '';
      for (const paragraph of seedProblems) assert.ok(unescapeHtml(aside).includes(paragraph), paragraph);
      assert.ok(next.body.includes('2022年度（导入的历史报告，已发布）'));
    });
  });
}

for (const engine of ENGINES) {
  describe(`annual report without chromium, small uploads, on ${engine}`, {
    skip: await skipUnless(engine),
  }, () => {
    let f: WebFixture;
    before(async () => {
      f = await createWebFixture(engine, {
        config: { chromiumPath: '/nonexistent/chromium', uploadLimitBytes: 4096 },
      });
      const approver = await staff(f.ctx, f.chengliu.id, 'cl.pdf.approver', ['approver']);
      await approveReport(f.ctx, approver, { agencyId: f.chengliu.id, year: 2025 });
      await publishReport(f.ctx, approver, { agencyId: f.chengliu.id, year: 2025 });
    });
    after(async () => f?.close());

    it('answers a Chinese page (503) instead of the PDF, and still gives the other formats', async () => {
      const citizen = new Browser(f.app);
      const base = `/agencies/${f.chengliu.id}/annual-reports/2025`;
      const pdf = await citizen.get(`${base}/report.pdf`);
      assert.equal(pdf.statusCode, 503);
      assert.match(String(pdf.headers['content-type']), /^text\/html/);
      assert.ok(pdf.body.includes('暂时无法下载'));
      assert.ok(pdf.body.includes('无法生成 PDF：未找到 Chromium 浏览器（/nonexistent/chromium）'));
      assert.ok(pdf.body.includes(`href="${base}"`), 'back to the report');
      assert.equal((await citizen.get(`${base}/report.docx`)).statusCode, 200);
    });

    it('refuses a report file over the upload limit in the form, writing nothing', async () => {
      const created = await createUser(f.ctx, operator, {
        agencyId: f.chengliu.id,
        username: 'cl.small.editor',
        displayName: '撰稿',
        roles: ['editor'],
      });
      const { token } = await login(f.ctx, {
        username: 'cl.small.editor',
        password: created.initialPassword,
      });
      const principal = await resolveSession(f.ctx, token);
      assert.ok(principal);
      await changePassword(f.ctx, principal, { current: created.initialPassword, next: TEST_PASSWORD });
      const editor = new Browser(f.app, nextIp());
      assert.equal((await editor.signIn('cl.small.editor')).statusCode, 303);
      const form = await editor.get(`/office/agencies/${f.chengliu.id}/reports/import`);
      assert.ok(form.body.includes('不超过 4KB'), 'the limit in the hint');
      const csrf = /\?_csrf=([^"&]+)"/.exec(form.body)?.[1];
      assert.ok(csrf);
      assert.ok(SEED.length > 4096);
      const { payload, contentType } = multipart({ year: '2022' }, { filename: '年报.txt', content: SEED });
      const response = await f.app.inject({
        method: 'POST',
        url: `/office/agencies/${f.chengliu.id}/reports/import?_csrf=${csrf}`,
        remoteAddress: editor.ip,
        headers: { cookie: editor.cookieHeader(), 'content-type': contentType },
        payload,
      });
      assert.equal(response.statusCode, 413);
      assert.ok(response.body.includes('报告文件不能超过 4KB'), response.body.slice(0, 300));
      assert.ok(response.body.includes('value="2022"'), 'the year kept in the form');
      const rows = await f.database.db
        .selectFrom('annual_reports')
        .select('year')
        .where('agency_id', '=', f.chengliu.id)
        .execute();
      assert.deepEqual(
        rows.map((r) => Number(r.year)),
        [2025],
      );
    });
  });
}
