// `gongkai report build` against a real (SQLite) database filled through the use cases: the JSON is
// exactly the shape of `report check --json` (the same keys, and the same tables as a check of the
// built report's rendering), agencies by id or name, binary formats to a file that reads back, and
// every unusable argument refused in Chinese with exit code 2.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { skipWithoutBrowser } from '../../test/e2e/browser.ts';
import { createAgency } from '../agencies/index.ts';
import { SYSTEM, testContext } from '../agencies/testing.ts';
import { buildAnnualReport, importReport, saveReportDraft } from '../annual-reports/index.ts';
import { recordApplicationEvent, registerApplication } from '../applications/index.ts';
import { intake } from '../applications/testing.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { buildDisclosureFixture, publishedItem, staff } from '../disclosures/testing.ts';
import { saveYearCounts } from '../normative/index.ts';
import { parseReport } from '../reports/parse/parse-report.ts';
import { renderMarkdown } from '../reports/render/to-markdown.ts';
import { main } from './main.ts';
import { captureOutput } from './output.ts';
import { runReportBuild } from './report-build.ts';

const NOW = new Date('2026-11-20T02:00:00.000Z');
const dir = mkdtempSync(join(tmpdir(), 'gongkai-build-'));
const url = `sqlite:${join(dir, 'db.sqlite')}`;
const env = { GONGKAI_DATABASE_URL: url };
let chengliu = '';
let nanqiao: string[] = [];

async function build(...args: string[]) {
  const out = captureOutput();
  const code = await runReportBuild(args, out, env, NOW);
  return { code, stdout: out.stdout, stderr: out.stderr, text: Buffer.concat(out.bytes).toString('utf8') };
}

/** The keys of a JSON value at every depth (array items by their first element). */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]));
  return value === null ? 'cell' : typeof value === 'number' ? 'cell' : typeof value;
}

describe('gongkai report build', () => {
  before(async () => {
    const database = openDatabase(url);
    await migrateToLatest(database.db);
    const ctx = testContext(database);
    const f = await buildDisclosureFixture(ctx);
    chengliu = f.chengliu;
    const handler = await staff(ctx, f.chengliu, 'cl-handler', ['handler']);
    ctx.setNow('2026-03-12T02:00:00.000Z');
    await publishedItem(ctx, f.chengliu, 'item', {});
    const { applicationId } = await registerApplication(ctx, handler, {
      ...intake(f.chengliu),
      channel: 'letter',
      receivedOn: '2026-03-11',
    });
    await recordApplicationEvent(ctx, handler, applicationId, {
      type: 'decided',
      at: '2026-03-12',
      outcome: 'granted',
      legalBasis: '根据《中华人民共和国政府信息公开条例》第三十七条的规定，予以公开。',
    });
    await saveYearCounts(ctx, f.editor, {
      agencyId: f.chengliu,
      counts: { year: 2026, licensing: 0, penalty: 7, enforcement: 0, feesYuan: 0 },
    });
    // Two villages of one name under two towns: the name alone is ambiguous.
    nanqiao = [
      (await createAgency(ctx, SYSTEM, { parentId: f.chengliu, kind: 'village', name: '南桥村' })).id,
      (await createAgency(ctx, SYSTEM, { parentId: f.sili, kind: 'village', name: '南桥村' })).id,
    ];
    await database.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one line in exactly the shape of report check --json, with the same tables a check reads back', async () => {
    const built = await build('--agency', '承留镇', '--year', '2026', '--format', 'json');
    assert.equal(built.code, 0, built.stderr);
    const lines = built.text.trim().split('\n');
    assert.equal(lines.length, 1);
    const doc = JSON.parse(lines[0]!);
    assert.equal(doc.file, `db:${chengliu}/2026`);
    assert.equal(doc.body, '承留镇');
    assert.equal(doc.year, 2026);
    assert.deepEqual(doc.table3.rows.new, [1, 0, 0, 0, 0, 0, 1]);
    assert.equal(doc.table2.penalty, 7);
    assert.deepEqual(
      doc.findings.filter((x: { severity: string }) => x.severity === 'error'),
      [],
    );

    // The same report published as a file and checked: the same shape and the same tables.
    const file = join(dir, 'built.md');
    writeFileSync(file, await renderBuilt('md'));
    const out = captureOutput();
    await main(['report', 'check', '--json', file], out);
    const checked = JSON.parse(out.stdout.trim());
    assert.deepEqual(shape({ ...doc, findings: [] }), shape({ ...checked, findings: [] }));
    assert.deepEqual(Object.keys(doc), Object.keys(checked));
    for (const key of ['year', 'body', 'format', 'table2', 'table3', 'table4'])
      assert.deepEqual(doc[key], checked[key], key);
  });

  it('finds the agency by id as by name, and refuses an ambiguous or unknown name', async () => {
    const byName = JSON.parse((await build('--agency', '承留镇', '--year', '2026')).text);
    const byId = JSON.parse((await build('--agency', chengliu, '--year', '2026')).text);
    assert.deepEqual({ ...byName, file: '' }, { ...byId, file: '' });
    const ambiguous = await build('--agency', '南桥村', '--year', '2026');
    assert.equal(ambiguous.code, 2);
    assert.match(ambiguous.stderr, /有 2 个机构名为“南桥村”，请用机构ID指定/);
    for (const id of nanqiao) assert.ok(ambiguous.stderr.includes(id));
    assert.match(ambiguous.stderr, /上级：承留镇/);
    const village = await build('--agency', nanqiao[0]!, '--year', '2026');
    assert.equal(village.code, 0, village.stderr);
    const unknown = await build('--agency', '不存在镇', '--year', '2026');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /未找到机构“不存在镇”/);
  });

  it('refuses bad years, formats, a binary format without --out and a missing database file', async () => {
    for (const [year, message] of [
      ['20x6', /年度“20x6”无法使用：年度应为四位数字的年份/],
      ['2027', /2027 年尚未开始/],
      ['1999', /不能早于 2008 年/],
    ] as const) {
      const r = await build('--agency', '承留镇', '--year', year);
      assert.equal(r.code, 2, year);
      assert.match(r.stderr, message);
    }
    const format = await build('--agency', '承留镇', '--year', '2026', '--format', 'doc');
    assert.equal(format.code, 2);
    assert.match(format.stderr, /不支持的格式“doc”/);
    const binary = await build('--agency', '承留镇', '--year', '2026', '--format', 'docx');
    assert.equal(binary.code, 2);
    assert.match(binary.stderr, /docx 是二进制格式，请用 --out 指定输出文件/);
    const missing = captureOutput();
    const code = await runReportBuild(
      ['--agency', '承留镇', '--year', '2026'],
      missing,
      { GONGKAI_DATABASE_URL: `sqlite:${join(dir, 'typo.sqlite')}` },
      NOW,
    );
    assert.equal(code, 2);
    assert.match(missing.stderr, /数据库文件不存在/);
    assert.equal(existsSync(join(dir, 'typo.sqlite')), false);
    const noArgs = await build('--year', '2026');
    assert.equal(noArgs.code, 2);
    assert.match(noArgs.stderr, /请用 --agency 指定机构/);
  });

  it('writes DOCX and XLSX files whose tables read back as built, and Markdown to standard output', async () => {
    const json = JSON.parse((await build('--agency', '承留镇', '--year', '2026')).text);
    for (const format of ['docx', 'xlsx'] as const) {
      const file = join(dir, `report.${format}`);
      const r = await build('--agency', '承留镇', '--year', '2026', '--format', format, '--out', file);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /已生成 .*承留镇2026年政府信息公开工作年度报告（检查结果：错误 0 个/);
      const { report } = await parseReport(readFileSync(file), file);
      assert.equal(report.title, '承留镇2026年政府信息公开工作年度报告');
      assert.deepEqual(report.table3.new, json.table3.rows.new, format);
      assert.deepEqual(report.table2.penalty, [json.table2.penalty], format);
    }
    const md = await build('--agency', '承留镇', '--year', '2026', '--format', 'md');
    assert.equal(md.code, 0);
    assert.match(md.text, /^# 承留镇2026年政府信息公开工作年度报告/m);
    assert.match(md.text, /2026年未收取信息处理费。/);
  });

  it('builds with the clerk’s saved paragraphs, as the back office’s draft shows them', async () => {
    const database = openDatabase(url);
    try {
      const ctx = testContext(database);
      ctx.setNow('2026-03-20T02:00:00.000Z');
      const editor = await staff(ctx, chengliu, 'cl-writer', ['editor']);
      await saveReportDraft(ctx, editor, {
        agencyId: chengliu,
        year: 2026,
        edits: { problems: ['主要问题：公开目录还需细化。'] },
      });
    } finally {
      await database.close();
    }
    const markdown = (await build('--agency', chengliu, '--year', '2026', '--format', 'md')).text;
    assert.match(markdown, /主要问题：公开目录还需细化。/);
  });

  it('checks 上年结转 against last year’s published report (X1), as the back office does', async () => {
    const database = openDatabase(url);
    try {
      const ctx = testContext(database);
      ctx.setNow('2026-03-20T02:00:00.000Z');
      const f = { editor: await staff(ctx, chengliu, 'cl-importer', ['editor']) };
      // Last year's report as published, saying 2 applications were carried over into 2026.
      const last = await buildAnnualReport(database.db, chengliu, 2025, { now: NOW });
      last.publishedOn = '2026-01-20';
      last.table3.new = [2, 0, 0, 0, 0, 0, 2];
      last.table3.carriedOut = [2, 0, 0, 0, 0, 0, 2];
      await importReport(ctx, f.editor, {
        agencyId: chengliu,
        year: 2025,
        fileName: '承留镇2025年报.md',
        content: Buffer.from(renderMarkdown(last)),
      });
    } finally {
      await database.close();
    }
    const doc = JSON.parse((await build('--agency', '承留镇', '--year', '2026')).text);
    const x1 = doc.findings.filter((x: { rule: string }) => x.rule === 'X1');
    assert.equal(x1.length, 2, JSON.stringify(doc.findings));
    assert.deepEqual(
      x1.map((x: { cells: string[] }) => x.cells[0]),
      ['table3.rows.carriedIn[0]', 'table3.rows.carriedIn[6]'],
    );
  });

  it('prints a PDF with chromium', { skip: skipWithoutBrowser() }, async () => {
    const file = join(dir, 'report.pdf');
    const r = await build('--agency', '承留镇', '--year', '2026', '--format', 'pdf', '--out', file);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(file).subarray(0, 5).toString('latin1'), '%PDF-');
  });

  it('is reached from the gongkai command', async () => {
    const out = captureOutput();
    assert.equal(await main(['report', 'build', '--help'], out), 0);
    assert.match(out.stdout, /用法：gongkai report build --agency/);
  });
});

async function renderBuilt(format: 'md'): Promise<Uint8Array> {
  const r = await build('--agency', '承留镇', '--year', '2026', '--format', format);
  assert.equal(r.code, 0, r.stderr);
  return Buffer.from(r.text);
}
