// A citizen or organisation applies online on the portal. The platform confirms at once with the
// tracking number, so the day of submission is the receipt date (第三十一条第（三）项).
import type { Kysely } from 'kysely';
import {
  type AgencyKind,
  getPublicAgency,
  onAgenciesChanged,
  type UseCaseContext,
} from '../agencies/index.ts';
import { lockUntilCommit } from '../db/advisory-lock.ts';
import type { DB } from '../db/schema.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import { DomainError } from '../kernel/errors.ts';
import { countApplicantApplications } from './application.repository.ts';
import { type IntakeInput, type IntakeResult, validateIntake, writeIntake } from './intake.ts';
import { DAILY_ONLINE_LIMIT_PER_APPLICANT, receivesApplications } from './intake-rules.ts';

const KIND_TTL_MS = 5000;
const kinds = new WeakMap<
  Kysely<DB>,
  Map<string, { kind: AgencyKind | null; at: number; generation: number }>
>();
// An agency changed in this process: every kept kind is forgotten at once.
let generation = 0;
onAgenciesChanged(() => {
  generation++;
});

/** The kind of an agency, or null when there is none; kept 5 s (the portal's pages live as long). */
async function agencyKind(db: Kysely<DB>, id: string): Promise<AgencyKind | null> {
  let byId = kinds.get(db);
  if (!byId) {
    byId = new Map();
    kinds.set(db, byId);
  }
  const hit = byId.get(id);
  if (hit && hit.generation === generation && performance.now() - hit.at < KIND_TTL_MS) return hit.kind;
  const agency = await getPublicAgency(db, id);
  if (byId.size > 10_000) byId.clear();
  byId.set(id, { kind: agency?.kind ?? null, at: performance.now(), generation });
  return agency?.kind ?? null;
}

export async function submitOnlineApplication(
  ctx: UseCaseContext,
  input: IntakeInput,
): Promise<IntakeResult> {
  const kind = await agencyKind(ctx.db, input.agencyId);
  if (!kind || !receivesApplications(kind))
    throw new DomainError('access.not_found', '该机构不受理政府信息公开申请');
  const { applicant, request } = validateIntake(input);
  const now = ctx.now();
  const today = shanghaiDate(now);
  return writeIntake(ctx.db, {
    // Counted in the transaction: concurrent submissions of one applicant cannot slip past it.
    // In one process group commit runs them in turn; across processes (PostgreSQL) the applicant's
    // lock makes the second count wait for the first's insert.
    precondition: async (trx, key) => {
      await lockUntilCommit(trx, `applicant-online:${key}`);
      if ((await countApplicantApplications(trx, key, today, today)) >= DAILY_ONLINE_LIMIT_PER_APPLICANT)
        throw new DomainError('input.rate_limited', 'daily applications per applicant exceeded', {
          userMessage: `同一申请人每天最多在网上提交${DAILY_ONLINE_LIMIT_PER_APPLICANT}件申请，请明天再提交，或者以信函、当面等方式提交。`,
        });
    },
    input,
    applicant,
    request,
    channel: 'online',
    receivedOn: today,
    userId: null,
    auditDetails: {},
    now,
  });
}
