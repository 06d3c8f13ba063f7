// Reading an uploaded file in a worker thread with a heap and a time limit of its own. exceljs has
// published resource-exhaustion advisories without a fixed release (a crafted sheet that takes all
// memory or CPU in xlsx.load()); in the server's own thread such a file would stop every request, or
// end the process when the heap runs out. In a worker, the upload alone is refused.
import { Worker } from 'node:worker_threads';
import { DomainError, type ErrorCode } from './errors.ts';

export interface IsolationLimits {
  /** The worker's old-generation heap; past it the worker ends, not the server. */
  heapMb: number;
  timeoutMs: number;
}

/** For a file staff upload: far above what a real import or report needs (a few MB, a second). */
export const UPLOAD_READ_LIMITS: IsolationLimits = { heapMb: 512, timeoutMs: 60_000 };

const WORKER = new URL('./isolated-worker.mjs', import.meta.url);

interface WorkerAnswer {
  ok: boolean;
  result?: unknown;
  error?: { name: string; message: string; code?: string; details?: Record<string, unknown> };
}

/**
 * `exportName` of the module at `moduleUrl`, called with `args` (copied into the worker) in a
 * worker thread of its own; its result copied back (plain data). A DomainError thrown there is
 * thrown here with its code and details; any other error with its message. Past the heap or the
 * time limit: DomainError input.too_large with a Chinese message.
 */
export function runIsolated<T>(
  moduleUrl: URL,
  exportName: string,
  args: readonly unknown[],
  limits: IsolationLimits = UPLOAD_READ_LIMITS,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(WORKER, {
      workerData: { moduleUrl: moduleUrl.href, exportName, args },
      // Not the parent's flags (e.g. --import tsx): the worker registers its loader itself.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: limits.heapMb },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
      void worker.terminate();
    };
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(
            new DomainError('input.too_large', `reading took more than ${limits.timeoutMs} ms`, {
              userMessage: '读取该文件用时过长，文件可能已损坏或过于复杂，请检查后重新上传。',
            }),
          ),
        ),
      limits.timeoutMs,
    );
    worker.once('message', (answer: WorkerAnswer) =>
      settle(() => {
        if (answer.ok) return resolve(answer.result as T);
        const e = answer.error!;
        if (e.name === 'DomainError' && e.code !== undefined)
          return reject(new DomainError(e.code as ErrorCode, e.message, e.details ?? {}));
        const error = new Error(e.message);
        error.name = e.name;
        reject(error);
      }),
    );
    worker.once('error', (error: Error & { code?: string }) =>
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new DomainError('input.too_large', `reading needed more than ${limits.heapMb} MB`, {
                userMessage: '读取该文件所需的内存过多，文件可能已损坏或过于复杂，请检查后重新上传。',
              })
            : error,
        ),
      ),
    );
    worker.once('exit', (code) =>
      settle(() => reject(new Error(`the reading worker ended (exit ${code}) without an answer`))),
    );
  });
}
