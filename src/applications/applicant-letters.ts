// The letters issued on an application (补正告知书, 延期答复告知书, 答复告知书…), as the applicant
// sees them through the secret link: the composed letter stored with each, in the order issued.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { ComposedLetter } from './letters/index.ts';

export interface IssuedLetter {
  id: string;
  kind: string;
  documentNumber: string;
  issuedOn: string;
  letter: ComposedLetter;
}

function toIssued(row: {
  id: string;
  kind: string;
  document_number: string;
  issued_on: string;
  content: string;
}): IssuedLetter {
  return {
    id: row.id,
    kind: row.kind,
    documentNumber: row.document_number,
    issuedOn: row.issued_on,
    letter: JSON.parse(row.content) as ComposedLetter,
  };
}

/** Every letter of the application, oldest first. */
export async function findLettersOfApplication(
  db: Kysely<DB>,
  applicationId: string,
): Promise<IssuedLetter[]> {
  const rows = await db
    .selectFrom('letters')
    .select(['id', 'kind', 'document_number', 'issued_on', 'content'])
    .where('application_id', '=', applicationId)
    .orderBy('issued_on')
    .orderBy('event_seq')
    .orderBy('serial')
    .execute();
  return rows.map(toIssued);
}

/** One letter, only when it belongs to the application; undefined otherwise. */
export async function findLetterOfApplication(
  db: Kysely<DB>,
  applicationId: string,
  letterId: string,
): Promise<IssuedLetter | undefined> {
  const row = await db
    .selectFrom('letters')
    .select(['id', 'kind', 'document_number', 'issued_on', 'content'])
    .where('application_id', '=', applicationId)
    .where('id', '=', letterId)
    .executeTakeFirst();
  return row ? toIssued(row) : undefined;
}
