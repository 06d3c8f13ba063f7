// Scheduled work of 主动公开: (1) every minute, scheduled versions whose time has come are indexed
// for search (the portal shows them already: public reads compare with the clock); (2) daily,
// the 条例第二十六条 clocks are recomputed with the calendar in force, so a holiday notice entered
// later moves the due dates and the lateness flags; (3) daily, with a files directory, the files
// are checked against their rows (missing files reported, orphans older than a day removed).
import type { Kysely } from 'kysely';
import { currentWorkingDayCalendar, type WorkingDayCalendar } from '../calendar/index.ts';
import type { DB } from '../db/schema.ts';
import { checkFiles, type DirectoryFileStore, type FileStore, isDirectoryFileStore } from '../files/index.ts';
import type { ScheduledJob } from '../jobs/scheduler.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { contentOf, findEvents, findVersion, updateItem } from './disclosure.repository.ts';
import { clockColumns, fileStoreOf, inTransaction, revisedOnOf } from './item-shell.ts';
import { indexVersion } from './search-entry.ts';
import { foldItemEvents } from './workflow.ts';

/**
 * Indexes every version whose scheduled time has come and that the index has not had; returns how
 * many. `files` is where attachment bytes are (the database when absent).
 */
export async function releaseScheduledItems(db: Kysely<DB>, now: Date, files?: FileStore): Promise<number> {
  const store = files ?? fileStoreOf({ db });
  const iso = now.toISOString();
  const due = await db
    .selectFrom('disclosure_versions as v')
    .innerJoin('disclosure_items as i', 'i.id', 'v.item_id')
    .select(['v.item_id', 'v.version'])
    .where('v.published_at', '<=', iso)
    .where('v.indexed_at', 'is', null)
    .where('i.withdrawn_at', 'is', null)
    .orderBy('v.published_at')
    .execute();
  let released = 0;
  for (const { item_id, version } of due) {
    await inTransaction(db, async (trx) => {
      // Only the latest version whose time has come is the item's public one.
      const later = await trx
        .selectFrom('disclosure_versions')
        .select('version')
        .where('item_id', '=', item_id)
        .where('version', '>', version)
        .where('published_at', '<=', iso)
        .executeTakeFirst();
      const row = await findVersion(trx, item_id, version);
      if (!row || row.indexed_at !== null) return;
      if (later) {
        await trx
          .updateTable('disclosure_versions')
          .set({ indexed_at: iso })
          .where('item_id', '=', item_id)
          .where('version', '=', version)
          .execute();
        return;
      }
      const item = await trx
        .selectFrom('disclosure_items')
        .select(['first_published_at', 'withdrawn_at'])
        .where('id', '=', item_id)
        .executeTakeFirstOrThrow();
      if (item.withdrawn_at !== null) return;
      await indexVersion(trx, store, row, item.first_published_at, iso);
      released += 1;
    });
  }
  return released;
}

/** Rewrites the 条例第二十六条 columns of every item not withdrawn; returns how many moved. */
export async function recomputePublicationClocks(
  db: Kysely<DB>,
  calendar?: WorkingDayCalendar,
): Promise<number> {
  const cal = calendar ?? (await currentWorkingDayCalendar(db));
  const rows = await db
    .selectFrom('disclosure_items')
    .select(['id', 'version', 'due_on', 'late_on', 'due_provisional', 'working_published_on'])
    .where('phase', '!=', 'withdrawn')
    .execute();
  let moved = 0;
  for (const row of rows) {
    const version = await findVersion(db, row.id, Number(row.version));
    if (!version) continue;
    const events = await findEvents(db, row.id);
    const columns = clockColumns(
      contentOf(version),
      revisedOnOf(events, foldItemEvents(events)),
      row.working_published_on,
      cal,
    );
    if (
      columns.due_on !== row.due_on ||
      columns.late_on !== row.late_on ||
      columns.due_provisional !== Number(row.due_provisional)
    ) {
      await updateItem(db, row.id, columns);
      moved += 1;
    }
  }
  return moved;
}

/** The daily check of the files directory (none with the database store). */
export function filesCheckJob(files: DirectoryFileStore): ScheduledJob {
  return {
    name: 'files.check',
    period: shanghaiDate,
    run: async (trx, now) => {
      // Missing files are reported on the files problem channel (ids only) by checkFiles.
      await checkFiles(trx, files, { now, removeOrphans: true });
    },
  };
}

/** The jobs of 主动公开; `files` is where attachment bytes are (the database when absent). */
export function disclosureJobs(files?: FileStore): ScheduledJob[] {
  return [
    {
      name: 'disclosures.release-scheduled',
      period: (now) => now.toISOString().slice(0, 16),
      run: async (trx, now) => {
        await releaseScheduledItems(trx, now, files);
      },
    },
    {
      name: 'disclosures.recompute-clocks',
      period: shanghaiDate,
      run: async (trx) => {
        await recomputePublicationClocks(trx);
      },
    },
    ...(files && isDirectoryFileStore(files) ? [filesCheckJob(files)] : []),
  ];
}
