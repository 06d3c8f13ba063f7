// Scheduled work that must run exactly once per period even when several gongkai processes share
// one PostgreSQL database (a province behind a load balancer): a transaction-scoped advisory lock
// lets one process in, and the job_runs row records the period so that nobody runs it again.
// A job with slow work (reading files, tokenizing) keeps the transaction short: its run returns
// what to do after the commit, outside any transaction (the period is already recorded, so only
// this process does it; it must be harmless to repeat, since a crash leaves it to a later period).
// The scheduler looks every minute, or more often when a job asks to (tickMs); a period already
// recorded is seen with one read, without a transaction.

import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { lockKey } from '../db/advisory-lock.ts';
import type { DB } from '../db/schema.ts';

export interface ScheduledJob {
  name: string;
  /** The period `now` falls in (e.g. the civil date for a daily job); the job runs once per period. */
  period(now: Date): string;
  /**
   * Runs inside the transaction that holds the lock and records the period. What it returns, if
   * anything, runs after the commit, outside any transaction, with the database.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: most jobs are async functions returning nothing.
  run(trx: Kysely<DB>, now: Date): Promise<void | AfterCommit>;
  /** How often the scheduler should look for this job's period at most (ms); a minute by default. */
  tickMs?: number;
}

/** Work of a job done after its period is recorded, outside the transaction. */
export type AfterCommit = (db: Kysely<DB>) => Promise<void>;

export const DEFAULT_TICK_MS = 60_000;

export type JobOutcome = 'ran' | 'skipped';

// The jobs' locks take their keys from the job names, as the other advisory locks do.
export { lockKey };

export async function runJobOnce(db: Kysely<DB>, job: ScheduledJob, now: Date): Promise<JobOutcome> {
  const period = job.period(now);
  // Most ticks find the period done: one read, no transaction (checked again under the lock).
  const done = await db
    .selectFrom('job_runs')
    .select('last_run')
    .where('name', '=', job.name)
    .executeTakeFirst();
  if (done && done.last_run >= period) return 'skipped';
  let after: AfterCommit | undefined;
  const outcome = await db.transaction().execute(async (trx): Promise<JobOutcome> => {
    if (trx.getExecutor().adapter instanceof PostgresAdapter) {
      const { rows } = await sql<{
        locked: boolean;
      }>`select pg_try_advisory_xact_lock(${lockKey(job.name)}) as locked`.execute(trx);
      if (!rows[0]?.locked) return 'skipped';
    }
    const last = await trx
      .selectFrom('job_runs')
      .select('last_run')
      .where('name', '=', job.name)
      .executeTakeFirst();
    if (last && last.last_run >= period) return 'skipped';
    after = (await job.run(trx, now)) ?? undefined;
    if (last)
      await trx.updateTable('job_runs').set({ last_run: period }).where('name', '=', job.name).execute();
    else await trx.insertInto('job_runs').values({ name: job.name, last_run: period }).execute();
    return 'ran';
  });
  if (outcome === 'ran' && after) await after(db);
  return outcome;
}

/** The scheduler's interval: as given, else the smallest tickMs of the jobs, else a minute. */
export function tickInterval(options: Pick<SchedulerOptions, 'jobs' | 'intervalMs'>): number {
  if (options.intervalMs !== undefined) return options.intervalMs;
  const asked = options.jobs
    .map((job) => job.tickMs)
    .filter((ms): ms is number => ms !== undefined && Number.isFinite(ms) && ms >= 1000);
  return Math.min(DEFAULT_TICK_MS, ...asked);
}

export interface Scheduler {
  /** Runs every job whose period has not run yet; resolves when all have finished. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  db: Kysely<DB>;
  jobs: readonly ScheduledJob[];
  now: () => Date;
  /** Default: tickInterval (the smallest tickMs of the jobs, at most a minute). */
  intervalMs?: number;
  onError?: (job: string, error: unknown) => void;
}

export function startScheduler(options: SchedulerOptions): Scheduler {
  let running: Promise<void> = Promise.resolve();
  // A timer tick waiting behind a slow one is enough: it will see the latest state when it starts.
  let waiting = 0;
  const tick = () => {
    waiting += 1;
    running = running.then(async () => {
      waiting -= 1;
      for (const job of options.jobs) {
        try {
          await runJobOnce(options.db, job, options.now());
        } catch (error) {
          options.onError?.(job.name, error);
        }
      }
    });
    return running;
  };
  const timer = setInterval(() => {
    if (waiting === 0) void tick();
  }, tickInterval(options));
  timer.unref();
  void tick();
  return {
    tick,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
