// The worker of isolated.ts. Plain JavaScript: a worker thread starts without the main thread's
// TypeScript loader, so it registers tsx itself (as bin/gongkai.js does) before importing the task.
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

try {
  const module = await import(workerData.moduleUrl);
  const result = await module[workerData.exportName](...workerData.args);
  parentPort.postMessage({ ok: true, result });
} catch (error) {
  parentPort.postMessage({ ok: false, error: describe(error) });
}
