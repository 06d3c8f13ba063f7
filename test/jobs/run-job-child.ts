// Child process of the two-process test: runs one scheduled job against a shared database and
// prints what happened.
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/database.ts';
import { runJobOnce } from '../../src/jobs/scheduler.ts';

const [url, label, start] = process.argv.slice(2) as [string, string, string];
const database = openDatabase(url);
// Start together: both processes wait for the same instant.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(start) - Date.now())));
const outcome = await runJobOnce(
  database.db,
  {
    name: 'test.exactly-once',
    period: () => '2026-11-26',
    run: async (trx) => {
      await sql`insert into job_test_runs (label) values (${label})`.execute(trx);
      // Hold the lock long enough for the other process to try.
      await new Promise((resolve) => setTimeout(resolve, 300));
    },
  },
  new Date(),
);
process.stdout.write(`${outcome}\n`);
await database.close();
