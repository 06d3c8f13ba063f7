// Reading an uploaded file in a worker thread with a heap and a time limit of its own. exceljs has
// published resource-exhaustion advisories without a fixed release (a crafted sheet that takes all
// memory or CPU in xlsx.load()); in the server's own thread such a file would stop every request, or
// end the process when the heap runs out. In a worker, the upload alone is refused.
import { type TransferListItem, Worker } from 'node:worker_threads';
import { DomainError, type ErrorCode } from './errors.ts';

export interface IsolationLimits {
  /** The worker's old-generation heap; past it the worker ends, not the server. */
  heapMb: number;
  timeoutMs: number;
}

/** For a file staff upload: far above what a real import or report needs (a few MB, a second). */
export const UPLOAD_READ_LIMITS: IsolationLimits = { heapMb: 512, timeoutMs: 60_000 };

const WORKER = new URL('./isolated-worker.mjs', import.meta.url);

interface WorkerError {
  name: string;
  message: string;
  code?: string;
  details?: Record<string, unknown>;
}

interface WorkerAnswer {
  ok: boolean;
  result?: unknown;
  error?: WorkerError;
}

function tooSlow(limits: IsolationLimits): DomainError {
  return new DomainError('input.too_large', `reading took more than ${limits.timeoutMs} ms`, {
    userMessage: '读取该文件用时过长，文件可能已损坏或过于复杂，请检查后重新上传。',
  });
}

/** The worker's own failure: past its heap a DomainError, anything else as it is. */
function workerFailure(error: Error & { code?: string }, limits: IsolationLimits): Error {
  return error.code === 'ERR_WORKER_OUT_OF_MEMORY'
    ? new DomainError('input.too_large', `reading needed more than ${limits.heapMb} MB`, {
        userMessage: '读取该文件所需的内存过多，文件可能已损坏或过于复杂，请检查后重新上传。',
      })
    : error;
}

/** A task's error as thrown there: a DomainError with its code and details, else name and message. */
function taskError(e: WorkerError): Error {
  if (e.name === 'DomainError' && e.code !== undefined)
    return new DomainError(e.code as ErrorCode, e.message, e.details ?? {});
  const error = new Error(e.message);
  error.name = e.name;
  return error;
}

function startWorker(workerData: Record<string, unknown>, limits: IsolationLimits): Worker {
  return new Worker(WORKER, {
    workerData,
    // Not the parent's flags (e.g. --import tsx): the worker registers its loader itself.
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: limits.heapMb },
    stdout: false,
    stderr: false,
  });
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
    const worker = startWorker({ moduleUrl: moduleUrl.href, exportName, args }, limits);
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
      void worker.terminate();
    };
    const timer = setTimeout(() => settle(() => reject(tooSlow(limits))), limits.timeoutMs);
    worker.once('message', (answer: WorkerAnswer) =>
      settle(() => (answer.ok ? resolve(answer.result as T) : reject(taskError(answer.error!)))),
    );
    worker.once('error', (error: Error & { code?: string }) =>
      settle(() => reject(workerFailure(error, limits))),
    );
    worker.once('exit', (code) =>
      settle(() => reject(new Error(`the reading worker ended (exit ${code}) without an answer`))),
    );
  });
}

export interface PoolOptions {
  /** Workers at most, each running one task at a time; more tasks wait in turn. */
  size: number;
  /** Each worker's heap, and each task's time from when its worker takes it. */
  limits: IsolationLimits;
  /** A worker idle this long ends (its memory given back); the next task starts another. */
  idleMs: number;
}

interface Task {
  args: readonly unknown[];
  transfer: readonly TransferListItem[];
  timeoutMs: number;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task: Task | null;
  timer?: NodeJS.Timeout;
  idle?: NodeJS.Timeout;
}

/**
 * runIsolated for a task that comes often (an attachment's text at every upload and publication):
 * workers that stay, so that the second task does not pay the worker's start (loading tsx and the
 * task's libraries, about half a second). A task that runs out of heap or time ends its worker
 * alone; the next task gets a new one. An idle worker does not keep the process alive.
 */
export class IsolatedPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Task[] = [];
  /** Workers started so far. */
  started = 0;

  constructor(
    private readonly moduleUrl: URL,
    private readonly exportName: string,
    private readonly options: PoolOptions,
  ) {}

  /**
   * The task's answer (as runIsolated's). `timeoutMs` (at most the pool's) counts from when a
   * worker takes the task, not while it waits; `transfer` moves buffers instead of copying them.
   */
  run<T>(
    args: readonly unknown[],
    options: { timeoutMs?: number; transfer?: readonly TransferListItem[] } = {},
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({
        args,
        transfer: options.transfer ?? [],
        timeoutMs: Math.min(options.timeoutMs ?? Number.POSITIVE_INFINITY, this.options.limits.timeoutMs),
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      this.dispatch();
    });
  }

  /** Ends every worker; tasks not yet answered are refused. */
  async close(): Promise<void> {
    const closed = new Error('the worker pool was closed');
    for (const task of this.waiting.splice(0)) task.reject(closed);
    await Promise.all(
      this.slots.splice(0).map((slot) => {
        clearTimeout(slot.timer);
        clearTimeout(slot.idle);
        slot.task?.reject(closed);
        return slot.worker.terminate();
      }),
    );
  }

  private dispatch(): void {
    while (this.waiting.length > 0) {
      let slot = this.slots.find((s) => s.ready && s.task === null);
      if (slot === undefined) {
        if (this.slots.length >= this.options.size) return;
        slot = this.spawn();
        // A starting worker takes its task when it is ready (its time counts from then).
        slot.task = this.waiting.shift()!;
        continue;
      }
      this.give(slot, this.waiting.shift()!);
    }
  }

  private spawn(): Slot {
    const worker = startWorker(
      { moduleUrl: this.moduleUrl.href, exportName: this.exportName, persistent: true },
      this.options.limits,
    );
    this.started++;
    const slot: Slot = { worker, ready: false, task: null };
    this.slots.push(slot);
    worker.on('message', (message: { ready?: true } & WorkerAnswer) => {
      if (message.ready) {
        slot.ready = true;
        const task = slot.task;
        if (task !== null) this.give(slot, task);
        else this.dispatch();
        return;
      }
      const task = slot.task;
      if (task === null) return;
      this.free(slot);
      if (message.ok) task.resolve(message.result);
      else task.reject(taskError(message.error!));
      this.dispatch();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const task = slot.task;
      this.remove(slot);
      task?.reject(workerFailure(error, this.options.limits));
      this.dispatch();
    });
    worker.on('exit', (code) => {
      const task = slot.task;
      if (!this.remove(slot)) return;
      task?.reject(new Error(`the reading worker ended (exit ${code}) without an answer`));
      this.dispatch();
    });
    return slot;
  }

  private give(slot: Slot, task: Task): void {
    clearTimeout(slot.idle);
    slot.task = task;
    // A worker at work keeps the process alive until the answer comes.
    slot.worker.ref();
    slot.timer = setTimeout(() => {
      this.remove(slot);
      task.reject(tooSlow({ ...this.options.limits, timeoutMs: task.timeoutMs }));
      this.dispatch();
    }, task.timeoutMs);
    // One task at a time per worker: its next message is this task's answer.
    slot.worker.postMessage({ args: task.args }, task.transfer);
  }

  private free(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.task = null;
    slot.worker.unref();
    slot.idle = setTimeout(() => this.remove(slot), this.options.idleMs);
    slot.idle.unref();
  }

  /** Takes the slot out and ends its worker; false when it was already out. */
  private remove(slot: Slot): boolean {
    const at = this.slots.indexOf(slot);
    if (at === -1) return false;
    this.slots.splice(at, 1);
    clearTimeout(slot.timer);
    clearTimeout(slot.idle);
    slot.task = null;
    void slot.worker.terminate();
    return true;
  }
}
