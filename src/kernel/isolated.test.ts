import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { DomainError } from './errors.ts';
import { IsolatedPool, type PoolOptions, runIsolated } from './isolated.ts';

const FIXTURE = new URL('./isolated.fixture.ts', import.meta.url);

describe('runIsolated (reading an upload in a worker with limits of its own)', () => {
  it('returns the task’s result, copied back', async () => {
    const result = await runIsolated<{ length: number; at: Date }>(FIXTURE, 'double', [
      new Uint8Array(21),
      2,
    ]);
    assert.equal(result.length, 42);
    assert.ok(result.at instanceof Date);
  });

  it('throws a DomainError of the task here, with its code and user message', async () => {
    await assert.rejects(runIsolated(FIXTURE, 'refuse', []), (error: unknown) => {
      assert.ok(error instanceof DomainError);
      assert.equal(error.code, 'input.unreadable');
      assert.equal(error.details.userMessage, '文件已损坏');
      assert.deepEqual(error.details.problems, ['第1行']);
      return true;
    });
    await assert.rejects(runIsolated(FIXTURE, 'fail', []), { name: 'TypeError', message: 'not a workbook' });
  });

  it('refuses a task that runs out of its heap, and this thread goes on', async () => {
    const before = process.memoryUsage().heapUsed;
    await assert.rejects(
      runIsolated(FIXTURE, 'exhaustMemory', [], { heapMb: 32, timeoutMs: 60_000 }),
      (error: unknown) =>
        error instanceof DomainError &&
        error.code === 'input.too_large' &&
        /内存过多/.test(String(error.details.userMessage)),
    );
    assert.ok(process.memoryUsage().heapUsed - before < 64 * 1024 * 1024, 'the hoard was not here');
  });

  it('refuses a task that does not end within its time, and this thread was never blocked', async () => {
    let ticks = 0;
    const ticking = setInterval(() => ticks++, 50);
    try {
      await assert.rejects(
        runIsolated(FIXTURE, 'spin', [], { heapMb: 64, timeoutMs: 1_500 }),
        (error: unknown) =>
          error instanceof DomainError &&
          error.code === 'input.too_large' &&
          /用时过长/.test(String(error.details.userMessage)),
      );
    } finally {
      clearInterval(ticking);
    }
    assert.ok(ticks >= 10, `only ${ticks} timer ticks while the worker spun`);
  });
});

describe('IsolatedPool (workers that stay, for a task that comes often)', () => {
  type Answer = { thread: number; length: number };
  const pool = (options: Partial<PoolOptions> = {}, exportName = 'whoAnswers') =>
    new IsolatedPool(FIXTURE, exportName, {
      size: 1,
      limits: { heapMb: 64, timeoutMs: 30_000 },
      idleMs: 60_000,
      ...options,
    });

  it('answers the next task from the same worker, without starting another', async () => {
    const workers = pool();
    try {
      const bytes = new Uint8Array(1000);
      const first = await workers.run<Answer>([0, bytes], { transfer: [bytes.buffer] });
      assert.equal(first.length, 1000);
      assert.equal(bytes.length, 0, 'the buffer was moved, not copied');
      const second = await workers.run<Answer>([0]);
      assert.equal(second.thread, first.thread);
      assert.equal(workers.started, 1);
    } finally {
      await workers.close();
    }
  });

  it('runs no more tasks at once than its size, and answers every one; the time counts once a worker takes it', async () => {
    const workers = pool({ size: 2, limits: { heapMb: 64, timeoutMs: 2_000 } });
    try {
      // Six tasks of 700 ms on two workers take three rounds (2.1 s): longer than each task's limit.
      const answers = await Promise.all(Array.from({ length: 6 }, () => workers.run<Answer>([700])));
      assert.equal(answers.length, 6);
      assert.equal(new Set(answers.map((a) => a.thread)).size, 2);
      assert.equal(workers.started, 2);
    } finally {
      await workers.close();
    }
  });

  it('ends a worker that runs out of heap or time alone; the next task gets a new one', async () => {
    const workers = pool({ limits: { heapMb: 32, timeoutMs: 1_500 } }, 'behave');
    try {
      const before = await workers.run<Answer>(['answer']);
      await assert.rejects(workers.run(['exhaust']), (error: unknown) => {
        return error instanceof DomainError && /内存过多/.test(String(error.details.userMessage));
      });
      const between = await workers.run<Answer>(['answer']);
      assert.notEqual(between.thread, before.thread);
      await assert.rejects(workers.run(['spin'], { timeoutMs: 500 }), (error: unknown) => {
        return error instanceof DomainError && /用时过长/.test(String(error.details.userMessage));
      });
      const after = await workers.run<Answer>(['answer']);
      assert.notEqual(after.thread, between.thread);
      assert.equal(workers.started, 3);
    } finally {
      await workers.close();
    }
  });

  it('ends an idle worker, and refuses what waits when closed', async () => {
    const workers = pool({ idleMs: 100 });
    await workers.run<Answer>([0]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await workers.run<Answer>([0]);
    assert.equal(workers.started, 2, 'the idle worker ended and a new one answered');
    const running = assert.rejects(workers.run<Answer>([5_000]), /closed/);
    const waiting = assert.rejects(workers.run<Answer>([0]), /closed/);
    await workers.close();
    await Promise.all([running, waiting]);
  });

  it('keeps the process alive while a task runs, and not once its worker is idle', async () => {
    const script = `
      import { IsolatedPool } from ${JSON.stringify(new URL('./isolated.ts', import.meta.url).href)};
      const pool = new IsolatedPool(new URL(${JSON.stringify(FIXTURE.href)}), 'whoAnswers',
        { size: 1, limits: { heapMb: 64, timeoutMs: 30000 }, idleMs: 600000 });
      pool.run([300]).then((answer) => console.log('answered', answer.thread));
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(child.status, 0, child.stderr);
    assert.match(child.stdout, /^answered \d+$/m, 'the process waited for the answer');
    assert.equal(child.signal, null, 'the process ended by itself with an idle worker of 10 minutes');
  });
});
