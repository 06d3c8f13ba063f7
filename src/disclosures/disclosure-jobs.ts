// Scheduled work of 主动公开: (1) every 5 seconds, scheduled versions whose time has come are
// indexed for search (the portal shows them already: public reads compare with the clock), their
// attachments read outside any transaction; (2) daily,
// the 条例第二十六条 clocks are recomputed with the calendar in force, so a holiday notice entered
// later moves the due dates and the lateness flags; (3) daily, with a files directory, the files
// are checked against their rows (missing files reported, orphans older than a day removed).
import type { Kysely } from 'kysely';
import { currentWorkingDayCalendar, type WorkingDayCalendar } from '../calendar/index.ts';
import type { DB } from '../db/schema.ts';
import { checkFiles, type DirectoryFileStore, type FileStore, isDirectoryFileStore } from '../files/index.ts';
import type { ScheduledJob } from '../jobs/scheduler.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { pretokenize } from '../search/index.ts';
import { contentOf, findEvents, findItemForUpdate, findVersion } from './disclosure.repository.ts';
import { clockColumns, fileStoreOf, inTransaction, revisedOnOf } from './item-shell.ts';
import { indexVersion, searchBody, versionAttachmentsText } from './search-entry.ts';
import { foldItemEvents } from './workflow.ts';

/** How often the release job looks for versions whose time has come. */
export const RELEASE_TICK_MS = 5_000;

/** The release job's period: the 5-second slice of the minute `now` falls in (2026-03-02T02:00:05). */
export function releasePeriod(now: Date): string {
  const iso = now.toISOString();
  const second = Math.floor(now.getUTCSeconds() / 5) * 5;
  return `${iso.slice(0, 17)}${String(second).padStart(2, '0')}`;
}

/** A version whose time has come and that the index has not had. */
export interface DueVersion {
  item_id: string;
  version: number;
}

/** The versions whose scheduled time has come and that the index has not had, oldest time first. */
export async function dueVersions(db: Kysely<DB>, now: Date): Promise<DueVersion[]> {
  const rows = await db
    .selectFrom('disclosure_versions as v')
    .innerJoin('disclosure_items as i', 'i.id', 'v.item_id')
    .select(['v.item_id', 'v.version'])
    .where('v.published_at', '<=', now.toISOString())
    .where('v.indexed_at', 'is', null)
    .where('i.withdrawn_at', 'is', null)
    .orderBy('v.published_at')
    .execute();
  return rows.map((r) => ({ item_id: r.item_id, version: Number(r.version) }));
}

/**
 * Indexes the due versions, one short transaction each; returns how many. The slow part — the
 * attachments' text (up to the extraction budget) and its tokens — is done first, outside any
 * transaction, so that SQLite's write lock is not held meanwhile. Indexing a version twice is
 * harmless: the transaction locks the item, and a version already indexed (indexed_at) or an item
 * withdrawn since is left alone.
 */
export async function releaseVersions(
  db: Kysely<DB>,
  due: readonly DueVersion[],
  now: Date,
  files?: FileStore,
): Promise<number> {
  const store = files ?? fileStoreOf({ db });
  const iso = now.toISOString();
  // Only the latest version whose time has come is the item's public one.
  const laterThan = (q: Kysely<DB>, item_id: string, version: number) =>
    q
      .selectFrom('disclosure_versions')
      .select('version')
      .where('item_id', '=', item_id)
      .where('version', '>', version)
      .where('published_at', '<=', iso)
      .executeTakeFirst();
  let released = 0;
  for (const { item_id, version } of due) {
    const before = await findVersion(db, item_id, version);
    if (!before || before.indexed_at !== null) continue;
    let text: string | undefined;
    if (!(await laterThan(db, item_id, version))) {
      text = await versionAttachmentsText(db, store, item_id, version);
      // Tokenizing a long text takes a while (jieba): here, not under the write lock.
      pretokenize(searchBody(contentOf(before), text));
    }
    const indexed = await inTransaction(db, async (trx) => {
      const item = await findItemForUpdate(trx, item_id);
      const row = await findVersion(trx, item_id, version);
      if (!item || !row || row.indexed_at !== null) return false;
      if (await laterThan(trx, item_id, version)) {
        await trx
          .updateTable('disclosure_versions')
          .set({ indexed_at: iso })
          .where('item_id', '=', item_id)
          .where('version', '=', version)
          .execute();
        return false;
      }
      if (item.withdrawn_at !== null) return false;
      await indexVersion(trx, store, row, item.first_published_at, iso, text);
      return true;
    });
    if (indexed) released += 1;
  }
  return released;
}

/**
 * Indexes every version whose scheduled time has come and that the index has not had; returns how
 * many. `files` is where attachment bytes are (the database when absent). Called outside a
 * transaction, the attachments' text is read before each short one (releaseVersions).
 */
export async function releaseScheduledItems(db: Kysely<DB>, now: Date, files?: FileStore): Promise<number> {
  return releaseVersions(db, await dueVersions(db, now), now, files);
}

/** Rewrites the 条例第二十六条 columns of every item not withdrawn; returns how many moved. */
export async function recomputePublicationClocks(
  db: Kysely<DB>,
  calendar?: WorkingDayCalendar,
): Promise<number> {
  const cal = calendar ?? (await currentWorkingDayCalendar(db));
  const rows = await db
    .selectFrom('disclosure_items')
    .select(['id', 'version', 'event_count', 'due_on', 'late_on', 'due_provisional', 'working_published_on'])
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
      // Only if no step was recorded since the read (each step adds an event): an edit of the 成文日期
      // committed meanwhile has written its own columns, which these, from the old content, would undo.
      const updated = await db
        .updateTable('disclosure_items')
        .set(columns)
        .where('id', '=', row.id)
        .where('event_count', '=', row.event_count)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) > 0) moved += 1;
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
      // Under the scheduler's lock only the cheap look for due versions; the indexing follows the
      // commit (attachments read outside any transaction, each version in a short one of its own).
      name: 'disclosures.release-scheduled',
      period: releasePeriod,
      tickMs: RELEASE_TICK_MS,
      run: async (trx, now) => {
        const due = await dueVersions(trx, now);
        if (due.length === 0) return;
        return async (db) => {
          await releaseVersions(db, due, now, files);
        };
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
