// Several gongkai processes on one PostgreSQL database: a scheduled job runs exactly once.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, skipUnless, type TestDatabase } from '../../src/db/testing.ts';

function runChild(url: string, label: string, start: number): Promise<string> {
  const script = new URL('./run-job-child.ts', import.meta.url).pathname;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, url, label, String(start)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out.trim()) : reject(new Error(`child ${label} exited ${code}`)),
    );
  });
}

describe('a scheduled job with two processes on one PostgreSQL database', {
  skip: await skipUnless('postgres'),
}, () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase('postgres');
    await sql`create table job_test_runs (label text not null)`.execute(database.db);
  });
  after(async () => {
    await database?.drop();
  });

  it('runs exactly once', async () => {
    const start = Date.now() + 2500;
    const outcomes = await Promise.all([
      runChild(database.url, 'first', start),
      runChild(database.url, 'second', start),
    ]);
    assert.deepEqual(outcomes.sort(), ['ran', 'skipped']);
    const { rows } = await sql<{ label: string }>`select label from job_test_runs`.execute(database.db);
    assert.equal(rows.length, 1);
  });
});
