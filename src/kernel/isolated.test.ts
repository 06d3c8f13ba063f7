import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from './errors.ts';
import { runIsolated } from './isolated.ts';

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
