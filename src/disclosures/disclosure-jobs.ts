// Scheduled work of 主动公开: (1) every minute, scheduled versions whose time has come are indexed
// for search (the portal shows them already: public reads compare with the clock); (2) daily,
// the 条例第二十六条 clocks are recomputed with the calendar in force, so a holiday notice entered
// later moves the due dates and the lateness flags.
import type { Kysely } from 'kysely';
import { currentWorkingDayCalendar, type WorkingDayCalendar } from '../calendar/index.ts';
import type { DB } from '../db/schema.ts';
import type { ScheduledJob } from '../jobs/scheduler.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { contentOf, findEvents, findVersion, updateItem } from './disclosure.repository.ts';
import { clockColumns, inTransaction, revisedOnOf } from './item-shell.ts';
import { indexVersion } from './search-entry.ts';
import { foldItemEvents } from './workflow.ts';

/** Indexes every version whose scheduled time has come and that the index has not had; returns how many. */
export async function releaseScheduledItems(db: Kysely<DB>, now: Date): Promise<number> {
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
      await indexVersion(trx, row, item.first_published_at, iso);
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

export function disclosureJobs(): ScheduledJob[] {
  return [
    {
      name: 'disclosures.release-scheduled',
      period: (now) => now.toISOString().slice(0, 16),
      run: async (trx, now) => {
        await releaseScheduledItems(trx, now);
      },
    },
    {
      name: 'disclosures.recompute-clocks',
      period: shanghaiDate,
      run: async (trx) => {
        await recomputePublicationClocks(trx);
      },
    },
  ];
}
