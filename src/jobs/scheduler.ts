// Scheduled work that must run exactly once per period even when several gongkai processes share
// one PostgreSQL database (a province behind a load balancer): a transaction-scoped advisory lock
// lets one process in, and the job_runs row records the period so that nobody runs it again.
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

export interface ScheduledJob {
  name: string;
  /** The period `now` falls in (e.g. the civil date for a daily job); the job runs once per period. */
  period(now: Date): string;
  /** Runs inside the transaction that holds the lock and records the period. */
  run(trx: Kysely<DB>, now: Date): Promise<void>;
}

export type JobOutcome = 'ran' | 'skipped';

/** A stable 32-bit key for pg_advisory locks (FNV-1a of the job name). */
export function lockKey(name: string): number {
  let hash = 0x811c9dc5;
  for (const char of name) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

export async function runJobOnce(db: Kysely<DB>, job: ScheduledJob, now: Date): Promise<JobOutcome> {
  const period = job.period(now);
  return db.transaction().execute(async (trx) => {
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
    await job.run(trx, now);
    if (last)
      await trx.updateTable('job_runs').set({ last_run: period }).where('name', '=', job.name).execute();
    else await trx.insertInto('job_runs').values({ name: job.name, last_run: period }).execute();
    return 'ran';
  });
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
  intervalMs?: number;
  onError?: (job: string, error: unknown) => void;
}

export function startScheduler(options: SchedulerOptions): Scheduler {
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = running.then(async () => {
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
  const timer = setInterval(tick, options.intervalMs ?? 60_000);
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
