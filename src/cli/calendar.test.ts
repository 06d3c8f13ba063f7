import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { main } from './main.ts';
import { captureOutput } from './output.ts';

async function run(...argv: string[]) {
  const out = captureOutput();
  return { code: await main(argv, out), stdout: out.stdout, stderr: out.stderr };
}

describe('gongkai calendar', () => {
  it('adds working days as the law counts them', async () => {
    const { code, stdout } = await run('calendar', 'add-working-days', '2024-09-20', '20');
    assert.equal(code, 0);
    assert.equal(stdout, '2024-10-23\n');
  });

  it('explains each day counted or skipped', async () => {
    const { stdout } = await run('calendar', 'explain', '2024-09-27', '3');
    assert.equal(
      stdout,
      [
        '自 2024-09-27 的次日起算 3 个工作日：',
        '  2024-09-28  周末',
        '  2024-09-29  调休上班  第 1 个工作日',
        '  2024-09-30  工作日  第 2 个工作日',
        '  2024-10-01  法定节假日',
        '  2024-10-02  法定节假日',
        '  2024-10-03  法定节假日',
        '  2024-10-04  法定节假日',
        '  2024-10-05  法定节假日',
        '  2024-10-06  法定节假日',
        '  2024-10-07  法定节假日',
        '  2024-10-08  工作日  第 3 个工作日',
        '期满日：2024-10-08',
        '',
      ].join('\n'),
    );
  });

  it('says when a year has no official arrangement yet', async () => {
    const { stdout } = await run('calendar', 'add-working-days', '2026-12-28', '5');
    assert.match(stdout, /^2027-01-04（暂定：2027年尚无国务院节假日安排）/);
  });

  it('rejects bad dates and counts with a Chinese message and exit 2', async () => {
    const bad = await run('calendar', 'add-working-days', '2024-13-01', '5');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /日期无效/);
    assert.equal((await run('calendar', 'add-working-days', '2024-09-20', 'x')).code, 2);
    assert.equal((await run('calendar')).code, 2);
  });
});

describe('gongkai calendar import', () => {
  it('enters a year from a JSON notice; later counts through that year are official', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { runCalendar } = await import('./calendar.ts');
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-calendar-'));
    const env = { GONGKAI_DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}` };
    const file = join(dir, '2027.json');
    writeFileSync(
      file,
      JSON.stringify({
        year: 2027,
        source: '国务院办公厅关于2027年部分节假日安排的通知（测试数据）',
        holidays: [['2027-01-01', '2027-01-03']],
        makeupWorkdays: [],
      }),
    );
    const imported = captureOutput();
    assert.equal(await runCalendar(['import', file], imported, env), 0);
    assert.match(imported.stdout, /已录入 2027 年节假日安排/);
    const counted = captureOutput();
    assert.equal(await runCalendar(['add-working-days', '2026-12-28', '5'], counted, env), 0);
    assert.equal(counted.stdout, '2027-01-05\n');

    writeFileSync(
      file,
      JSON.stringify({ year: 2028, source: '通知', holidays: [], makeupWorkdays: ['2028-03-01'] }),
    );
    const bad = captureOutput();
    assert.equal(await runCalendar(['import', file], bad, env), 2);
    assert.match(bad.stderr, /节假日安排有误[\s\S]*不是周末/);
  });
});
