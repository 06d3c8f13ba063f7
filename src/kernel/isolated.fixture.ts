// Tasks for isolated.test.ts, run in the worker.
import { DomainError } from './errors.ts';

export async function double(bytes: Uint8Array, factor: number): Promise<{ length: number; at: Date }> {
  return { length: bytes.length * factor, at: new Date('2026-11-27T00:00:00Z') };
}

export async function refuse(): Promise<never> {
  throw new DomainError('input.unreadable', 'bad file', { userMessage: '文件已损坏', problems: ['第1行'] });
}

export async function fail(): Promise<never> {
  throw new TypeError('not a workbook');
}

export async function exhaustMemory(): Promise<number> {
  const hoard: string[][] = [];
  for (;;) hoard.push(Array.from({ length: 100_000 }, (_, i) => `第${i}格`));
}

export async function spin(): Promise<never> {
  for (;;);
}

/** For the pool's tests: which worker answered, after `ms`, with the size of what it was given. */
export async function whoAnswers(
  ms: number,
  bytes?: Uint8Array,
): Promise<{ thread: number; length: number }> {
  const { threadId } = await import('node:worker_threads');
  await new Promise((resolve) => setTimeout(resolve, ms));
  return { thread: threadId, length: bytes?.length ?? 0 };
}

/** whoAnswers, or a task that runs out of heap or time when told to. */
export async function behave(
  how: 'answer' | 'exhaust' | 'spin',
): Promise<{ thread: number; length: number }> {
  if (how === 'exhaust') await exhaustMemory();
  if (how === 'spin') await spin();
  return whoAnswers(0);
}
