// Test fixtures for applications: the agency tree of src/agencies/testing.ts plus the staff who
// handle applications, and applicants with valid (fictional) identity numbers.

import type { Kysely } from 'kysely';
import { createUser } from '../agencies/create-user.ts';
import { grantRole } from '../agencies/grant-role.ts';
import type { Principal, UseCaseContext } from '../agencies/index.ts';
import type { Role } from '../agencies/roles.ts';
import { buildFixture, type Fixture, SYSTEM, signIn } from '../agencies/testing.ts';
import type { DB } from '../db/schema.ts';
import { residentIdCheckCharacter } from '../kernel/resident-id.ts';
import type { ApplicantInput, RequestInput } from './applicant.ts';
import type { IntakeInput } from './intake.ts';

/** A 居民身份证号码 with the right check digit for 17 given digits. */
export function residentId(first17: string): string {
  return first17 + residentIdCheckCharacter(first17);
}

export const ZHANG_ID = residentId('41900119800101123');
export const ZHANG_PHONE = '13912345678';

export function applicant(overrides: Partial<ApplicantInput> = {}): ApplicantInput {
  return {
    applicantType: 'naturalPerson',
    name: '张三',
    idKind: 'id_card',
    idNumber: ZHANG_ID,
    phone: ZHANG_PHONE,
    email: 'zhangsan@example.com',
    address: '河南省济源市承留镇南桥村1号',
    ...overrides,
  };
}

export function request(overrides: Partial<RequestInput> = {}): RequestInput {
  return {
    description: '2025年承留镇农村道路建设项目的招标文件及中标结果',
    documentNumber: null,
    deliveryForm: 'electronic',
    deliveryChannel: 'online',
    ...overrides,
  };
}

export function intake(agencyId: string, overrides: Partial<IntakeInput> = {}): IntakeInput {
  return { agencyId, applicant: applicant(), request: request(), ...overrides };
}

/** The first bytes of a real (tiny) PDF: enough for the type check. */
export const TINY_PDF = new Uint8Array(
  Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1'),
);

export interface ApplicationFixture extends Fixture {
  handler: Principal;
  approver: Principal;
  /** Handler of 思礼镇: sees nothing of 承留镇. */
  otherHandler: Principal;
  supervisor: Principal;
  editor: Principal;
}

async function staff(
  ctx: UseCaseContext,
  agencyId: string,
  username: string,
  roles: Role[],
): Promise<Principal> {
  const created = await createUser(ctx, SYSTEM, { agencyId, username, displayName: username });
  for (const role of roles)
    await grantRole(ctx, SYSTEM, { userId: created.user.id, agencyId, role, includeSubtree: false });
  return (await signIn(ctx, username, created.initialPassword)).principal;
}

export async function buildApplicationFixture(ctx: UseCaseContext): Promise<ApplicationFixture> {
  const fixture = await buildFixture(ctx);
  const handler = await staff(ctx, fixture.chengliu, 'cl-handler', ['handler']);
  const approver = await staff(ctx, fixture.chengliu, 'cl-approver', ['approver']);
  const otherHandler = await staff(ctx, fixture.sili, 'sl-handler', ['handler']);
  const supervisor = (await signIn(ctx, 'jy-supervisor', fixture.passwords.get('jy-supervisor')!)).principal;
  const editor = (await signIn(ctx, 'cl-editor', fixture.passwords.get('cl-editor')!)).principal;
  return { ...fixture, handler, approver, otherHandler, supervisor, editor };
}

/**
 * The database as `db`, except that the first time a read of `table` has returned a row that
 * matches (an application's id, or a test of the row), the reader waits for `release` (after the
 * query: its transaction goes on holding what it locked meanwhile).
 */
export function pauseAfterRead(
  db: Kysely<DB>,
  table: keyof DB & string,
  match: string | ((row: Record<string, unknown>) => boolean),
): { db: Kysely<DB>; paused: Promise<void>; release(): void } {
  const pausedTable: string = table;
  const key = table === 'applications' ? 'id' : 'application_id';
  const matches = typeof match === 'string' ? (row: Record<string, unknown>) => row[key] === match : match;
  let paused!: () => void;
  let release!: () => void;
  const pausedP = new Promise<void>((resolve) => (paused = resolve));
  const releaseP = new Promise<void>((resolve) => (release = resolve));
  let fired = false;
  const gate = async (result: unknown) => {
    const rows = (Array.isArray(result) ? result : []).filter(
      (r): r is Record<string, unknown> => r !== null && typeof r === 'object',
    );
    if (fired || !rows.some(matches)) return;
    fired = true;
    paused();
    await releaseP;
  };
  const builder = (qb: object): object =>
    new Proxy(qb, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown;
        if (typeof value !== 'function') return value;
        if (prop === 'execute' || prop === 'executeTakeFirst' || prop === 'executeTakeFirstOrThrow')
          return async (...args: unknown[]) => {
            const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            await gate(prop === 'execute' ? result : [result]);
            return result;
          };
        return (...args: unknown[]) => {
          const out = (value as (...a: unknown[]) => unknown).apply(target, args);
          return out && typeof out === 'object' && 'execute' in out ? builder(out) : out;
        };
      },
    });
  const wrap = (inner: Kysely<DB>): Kysely<DB> =>
    new Proxy(inner, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown;
        if (prop === 'selectFrom')
          return (table: string) => {
            const qb = target.selectFrom(table as 'application_events');
            return table === pausedTable ? builder(qb) : qb;
          };
        if (prop === 'transaction')
          return () => {
            const tb = target.transaction();
            return {
              execute: <T>(work: (trx: Kysely<DB>) => Promise<T>) => tb.execute((trx) => work(wrap(trx))),
            };
          };
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  return { db: wrap(db), paused: pausedP, release };
}
