// Frozen. 政务服务事项 and the 便民服务大厅 (issue 7): the windows of an agency's hall, its service
// items with every version of their content, the service events (办件) a citizen may rate once
// through the 评价码 on the receipt, the ratings, and the 效能投诉 with their working-day deadline and
// the complainant's secret link.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('service_windows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // 办公时间 as written (parsed by services/service-item-rules.ts when saved)
    .addColumn('hours', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    // where the window is in the hall, e.g. “一楼 3 号窗口”
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    // a closed window keeps its ratings and complaints; it is no longer listed
    .addColumn('closed_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('service_windows_agency_name', ['agency_id', 'name'])
    .execute();

  await db.schema
    .createTable('service_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    // town | village (services/service-item.ts SERVICE_LEVELS)
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // services/service-item.ts SERVICE_ITEM_TYPES
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('window_id', 'text', (c) => c.references('service_windows.id'))
    // the current version's number and content (JSON of the ServiceItem fields)
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    // a withdrawn item (no longer offered) keeps its versions, ratings and complaints
    .addColumn('withdrawn_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('service_items_agency_level_name', ['agency_id', 'level', 'name'])
    .execute();
  await db.schema.createIndex('service_items_window').on('service_items').columns(['window_id']).execute();

  await db.schema
    .createTable('service_item_versions')
    .addColumn('item_id', 'text', (c) => c.notNull().references('service_items.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('window_id', 'text')
    // manual | import
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text')
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('service_item_versions_pk', ['item_id', 'version'])
    .execute();

  await db.schema
    .createTable('service_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('window_id', 'text', (c) => c.references('service_windows.id'))
    .addColumn('item_id', 'text', (c) => c.references('service_items.id'))
    // window | online
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    // SHA-256 of the 评价码 printed on the receipt: a stolen database gives no codes
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('service_events_agency')
    .on('service_events')
    .columns(['agency_id', 'occurred_at'])
    .execute();

  await db.schema
    .createTable('service_ratings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // one rating per service event
    .addColumn('event_id', 'text', (c) => c.notNull().unique().references('service_events.id'))
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('window_id', 'text')
    .addColumn('item_id', 'text')
    // very_satisfied | satisfied | basically_satisfied | dissatisfied | very_dissatisfied
    .addColumn('level', 'text', (c) => c.notNull())
    // required for the last two levels
    .addColumn('reason', 'text')
    // portal | qr
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('rated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('service_ratings_agency')
    .on('service_ratings')
    .columns(['agency_id', 'rated_at'])
    .execute();

  await db.schema
    .createTable('service_complaints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    // 投诉编号, unique per agency, printed for the complainant
    .addColumn('reference', 'text', (c) => c.notNull())
    // hotline | online
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('window_id', 'text', (c) => c.references('service_windows.id'))
    .addColumn('item_id', 'text', (c) => c.references('service_items.id'))
    .addColumn('content', 'text', (c) => c.notNull())
    // personal data: shown to the agency's staff only, masked everywhere else
    .addColumn('complainant_name', 'text', (c) => c.notNull())
    .addColumn('complainant_phone', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    // the last working day to answer, from the agency's setting in force when received
    .addColumn('due_on', 'text', (c) => c.notNull())
    // received | assigned | answered
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('assigned_to', 'text', (c) => c.references('users.id'))
    .addColumn('assigned_at', 'text')
    .addColumn('answer', 'text')
    .addColumn('answered_by', 'text')
    .addColumn('answered_at', 'text')
    // 1 when answered on or before due_on (Beijing civil date)
    .addColumn('on_time', 'integer')
    // SHA-256 of the secret in the complainant's link
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('service_complaints_reference', ['agency_id', 'reference'])
    .execute();
  await db.schema
    .createIndex('service_complaints_agency')
    .on('service_complaints')
    .columns(['agency_id', 'state', 'due_on'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('service_complaints').ifExists().execute();
  await db.schema.dropTable('service_ratings').ifExists().execute();
  await db.schema.dropTable('service_events').ifExists().execute();
  await db.schema.dropTable('service_item_versions').ifExists().execute();
  await db.schema.dropTable('service_items').ifExists().execute();
  await db.schema.dropTable('service_windows').ifExists().execute();
}
