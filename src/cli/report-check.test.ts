import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from './main.ts';
import { captureOutput } from './output.ts';

const examples = new URL('../../examples/', import.meta.url).pathname;
const seedDir = new URL('../../../shared/seed/', import.meta.url).pathname;
const seed = join(seedDir, readdirSync(seedDir).find((f) => f.endsWith('.txt'))!);

async function run(...argv: string[]) {
  const out = captureOutput();
  const code = await main(argv, out);
  return { code, stdout: out.stdout, stderr: out.stderr, bytes: out.bytes };
}

describe('gongkai report check', () => {
  it('prints body, year and findings grouped by severity, and exits 1 on an error', async () => {
    const { code, stdout } = await run('report', 'check', seed);
    assert.equal(code, 1);
    assert.match(stdout, /承留镇人民政府 · 2022 年度 · 2021 年格式/);
    assert.match(stdout, /错误（1）\n {2}\[X2\] 正文称本年新收申请 1 件.*为 0。/);
    assert.match(stdout, /警告（1）\n {2}\[X5\] .*277（26\+68\+134\+49）.*259/);
  });

  it('exits 0 on a consistent report', async () => {
    const { code, stdout } = await run('report', 'check', join(examples, 'baisha-market-2020.txt'));
    assert.equal(code, 0);
    assert.match(stdout, /未发现问题/);
  });

  it('prints exactly the documented JSON shape, one line per file', async () => {
    const { code, stdout } = await run(
      'report',
      'check',
      '--json',
      seed,
      join(examples, 'baisha-market-2020.txt'),
    );
    assert.equal(code, 1);
    const lines = stdout.trim().split('\n');
    assert.equal(lines.length, 2);
    const doc = JSON.parse(lines[0]!);
    assert.deepEqual(Object.keys(doc), [
      'file',
      'year',
      'body',
      'format',
      'table2',
      'table3',
      'table4',
      'findings',
    ]);
    assert.deepEqual(Object.keys(doc.table2), [
      'regulations',
      'normativeDocs',
      'licensing',
      'penalty',
      'enforcement',
      'feesWanYuan',
    ]);
    assert.deepEqual(doc.table2.normativeDocs, { issued: 0, repealed: 0, valid: 2 });
    assert.equal(doc.table2.penalty, 60);
    assert.deepEqual(Object.keys(doc.table3.rows), [
      'new',
      'carriedIn',
      'granted',
      'partial',
      'denied',
      'unable',
      'notProcessed',
      'other',
      'total',
      'carriedOut',
    ]);
    assert.equal(doc.table3.rows.denied.length, 8);
    assert.equal(doc.table3.rows.unable.length, 3);
    assert.equal(doc.table3.rows.notProcessed.length, 5);
    assert.equal(doc.table3.rows.other.length, 3);
    assert.deepEqual(doc.table3.rows.carriedIn, [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(Object.keys(doc.table4), [
      'reconsideration',
      'litigationDirect',
      'litigationAfterReconsideration',
    ]);
    assert.deepEqual(doc.findings[0], {
      rule: 'X2',
      severity: 'error',
      message: doc.findings[0].message,
      cells: ['table3.rows.new[6]'],
    });
    const old = JSON.parse(lines[1]!);
    assert.equal(old.format, '2019');
    assert.deepEqual(old.table3.rows.other, [
      [1, 0, 0, 0, 0, 0, 1],
      Array(7).fill(null),
      Array(7).fill(null),
    ]);
    assert.equal(old.table2.licensing, 38);
    assert.equal(old.table2.feesWanYuan, null);
  });

  it('checks every report file of a directory and ends with a summary', async () => {
    const { code, stdout } = await run('report', 'check', examples);
    assert.equal(code, 1);
    assert.match(stdout, /== 汇总 ==\n\s+4 {2}文件\n\s+0 {2}无法检查\n\s+2 {2}有错误的文件/);
  });

  it('exits 2 with a one-line reason for a missing file, an empty file and a non-report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-check-'));
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'notice.txt'), '关于召开会议的通知\n请各单位准时参加。');
    writeFileSync(join(dir, 'broken.docx'), Buffer.from('PK\u0003\u0004garbage that is not a zip'));
    writeFileSync(
      join(dir, 'old.doc'),
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]),
    );
    for (const [file, reason] of [
      [join(dir, 'missing.txt'), '文件不存在'],
      [join(dir, 'empty.txt'), '文件为空'],
      [join(dir, 'notice.txt'), '不是政府信息公开工作年度报告'],
      [join(dir, 'broken.docx'), '无法读取'],
      [join(dir, 'old.doc'), '另存为\\.docx'],
    ] as const) {
      const { code, stdout } = await run('report', 'check', file);
      assert.equal(code, 2, file);
      assert.match(stdout, new RegExp(`无法检查：.*${reason}`));
      assert.equal(stdout.trim().split('\n').length, 2, 'header line and one reason line');
    }
  });

  it("compares 上年结转 with last year's 结转下年度 when --previous is given", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-prev-'));
    const lastYear = readFileSync(seed, 'utf8')
      .replace('2022 年政府信息公开工作年度报告', '2021 年政府信息公开工作年度报告')
      .replace(
        /四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0/,
        '四、结转下年度继续办理\t\t2\t0\t0\t0\t0\t0\t2',
      );
    writeFileSync(join(dir, 'last.txt'), lastYear);
    const { stdout } = await run('report', 'check', '--previous', join(dir, 'last.txt'), seed);
    assert.match(stdout, /\[X1\] 表三“自然人”列：本年“上年结转”为 1，但上年报告的“结转下年度继续办理”为 2。/);
  });

  it('rejects unknown options and commands with usage and exit 2', async () => {
    assert.equal((await run('report', 'check', '--bogus', seed)).code, 2);
    assert.equal((await run('report', 'check')).code, 2);
    const { code, stderr } = await run('frobnicate');
    assert.equal(code, 2);
    assert.match(stderr, /未知命令/);
  });

  it('--exit-zero keeps exit 0 despite errors', async () => {
    assert.equal((await run('report', 'check', '--exit-zero', seed)).code, 0);
  });

  it('works as the installed bin (npx gongkai)', () => {
    const bin = new URL('../../bin/gongkai.js', import.meta.url).pathname;
    const result = spawnSync(process.execPath, [bin, 'report', 'check', '--json', seed], {
      encoding: 'utf8',
    });
    assert.equal(result.status, 1, result.stderr);
    assert.equal(JSON.parse(result.stdout).body, '承留镇人民政府');
  });
});
