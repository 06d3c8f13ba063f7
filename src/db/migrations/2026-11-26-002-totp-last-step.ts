// Frozen: never edit a migration that has shipped; add a new one.
// users.totp_last_step: the TOTP time step last accepted, so that a code is accepted only once
// (RFC 6238 §5.2), also across server processes.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('totp_last_step', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('totp_last_step').execute();
}
