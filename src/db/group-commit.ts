// Group commit: many small independent writes (online applications arriving together) share one
// transaction and so one fsync, instead of one each. synchronous=FULL makes every commit wait for
// the disk; at a few milliseconds per fsync that alone would cap intake at a few hundred a second.
// Each work item still commits atomically: if any item of a batch fails, the batch is rolled back
// and every item is run again in a transaction of its own, so one bad item never takes others down.
import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';

export type Work<T> = (trx: Kysely<DB>) => Promise<T>;

interface Pending {
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 64;

class GroupCommitter {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(private readonly db: Kysely<DB>) {}

  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      // Wait for the end of this turn of the event loop, so that the submissions whose requests
      // were read in it join the same commit (a synchronous driver would otherwise run each alone).
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        if (batch.length === 1) {
          await this.alone(batch[0]!);
          continue;
        }
        let results: unknown[] | null = null;
        try {
          results = await this.db.transaction().execute(async (trx) => {
            const out: unknown[] = [];
            for (const item of batch) out.push(await item.work(trx));
            return out;
          });
        } catch {
          results = null;
        }
        if (results) for (const [i, item] of batch.entries()) item.resolve(results[i]);
        else for (const item of batch) await this.alone(item);
      }
    } finally {
      this.flushing = false;
    }
  }

  private async alone(item: Pending): Promise<void> {
    try {
      item.resolve(await this.db.transaction().execute((trx) => item.work(trx)));
    } catch (error) {
      item.reject(error);
    }
  }
}

const committers = new WeakMap<Kysely<DB>, GroupCommitter>();

/** Runs `work` in a transaction, possibly shared with other work submitted at the same moment. */
export function groupCommit<T>(db: Kysely<DB>, work: Work<T>): Promise<T> {
  let committer = committers.get(db);
  if (!committer) {
    committer = new GroupCommitter(db);
    committers.set(db, committer);
  }
  return committer.run(work);
}
