// A citizen rates a 办件 with the 评价码 of its receipt: once. An unknown code (or one of another
// agency) and a 办件 already rated are refused in Chinese with nothing written; two submissions
// at the same moment meet the unique index on the event, and the second is refused the same way.
// The rating keeps the event's window and item for the statistics, and where it came from.
import { randomUUID } from 'node:crypto';
import type { UseCaseContext } from '../agencies/index.ts';
import { appendAudit } from '../audit/index.ts';
import { DomainError } from '../kernel/errors.ts';
import {
  normalizeRatingCode,
  normalizeReason,
  type RatingSource,
  ratingCodeProblem,
  ratingProblems,
  type SatisfactionLevel,
} from './satisfaction.ts';
import {
  findEventByCodeHash,
  findRatingOfEvent,
  insertRating,
  namesOf,
} from './service-feedback.repository.ts';
import { hashSecret, invalid, isUniqueViolation } from './service-feedback-shell.ts';

export interface RateServiceInput {
  agencyId: string;
  /** As typed: any case, spaces or hyphens. */
  code: string;
  level: unknown;
  reason: unknown;
  source: RatingSource;
}

export interface RatedService {
  ratingId: string;
  level: SatisfactionLevel;
  itemName: string | null;
  windowName: string | null;
}

export function unknownCode(): DomainError {
  return invalid(['没有找到与该评价码相符的办件，请核对办件回执上的评价码后重新输入'], { field: 'code' });
}

export function alreadyRated(): DomainError {
  const message = '该办件已经评价过了，每个办件只能评价一次。感谢您的评价！';
  return new DomainError('conflict.exists', message, { userMessage: message, field: 'code' });
}

export async function rateService(ctx: UseCaseContext, input: RateServiceInput): Promise<RatedService> {
  const problems: { field: string; message: string }[] = [];
  const codeProblem = ratingCodeProblem(input.code);
  if (codeProblem !== null) problems.push({ field: 'code', message: codeProblem });
  problems.push(...ratingProblems({ level: input.level, reason: input.reason }));
  if (problems.length > 0)
    throw invalid(
      problems.map((p) => p.message),
      { fields: problems.map((p) => p.field) },
    );
  const code = normalizeRatingCode(input.code)!;
  const level = input.level as SatisfactionLevel;
  const event = await findEventByCodeHash(ctx.db, hashSecret(code));
  if (!event || event.agency_id !== input.agencyId) throw unknownCode();
  if (await findRatingOfEvent(ctx.db, event.id)) throw alreadyRated();
  const now = ctx.now().toISOString();
  const id = randomUUID();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await insertRating(trx, {
        id,
        event_id: event.id,
        agency_id: event.agency_id,
        window_id: event.window_id,
        item_id: event.item_id,
        level,
        reason: normalizeReason(input.reason),
        source: input.source,
        rated_at: now,
      });
      await appendAudit(
        trx,
        {
          userId: null,
          agencyId: event.agency_id,
          action: 'service.rate',
          objectType: 'service_event',
          objectId: event.id,
          result: 'ok',
          // The reason is the citizen's own words: kept with the rating, not in the audit log.
          details: { level, source: input.source },
        },
        now,
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyRated();
    throw error;
  }
  const names = await namesOf(ctx.db, [event.window_id], [event.item_id]);
  return {
    ratingId: id,
    level,
    itemName: event.item_id === null ? null : (names.items.get(event.item_id) ?? null),
    windowName: event.window_id === null ? null : (names.windows.get(event.window_id) ?? null),
  };
}
