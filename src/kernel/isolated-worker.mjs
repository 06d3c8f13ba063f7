// The worker of isolated.ts. Plain JavaScript: a worker thread starts without the main thread's
// TypeScript loader, so it registers tsx itself (as bin/gongkai.js does) before importing the task.
// One task and exit (runIsolated), or, for a pool, one task per message for as long as it lives.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();

/** What crosses back to the main thread of an error: a DomainError's code and details too. */
function describe(error) {
  const described = {
    name: error?.name ?? 'Error',
    message: String(error?.message ?? error),
    code: typeof error?.code === 'string' ? error.code : undefined,
    details: undefined,
  };
  try {
    described.details = structuredClone(error?.details);
  } catch {
    // Details that cannot be copied: the user's message is what matters.
    const userMessage = error?.details?.userMessage;
    described.details = typeof userMessage === 'string' ? { userMessage } : undefined;
  }
  return described;
}

async function answer(task, args) {
  try {
    return { ok: true, result: await task(...args) };
  } catch (error) {
    return { ok: false, error: describe(error) };
  }
}

const module = await import(workerData.moduleUrl);
const task = module[workerData.exportName];

if (workerData.persistent) {
  parentPort.on('message', async ({ args }) => {
    parentPort.postMessage(await answer(task, args));
  });
  parentPort.postMessage({ ready: true });
} else {
  parentPort.postMessage(await answer(task, workerData.args));
}
