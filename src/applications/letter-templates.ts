// An agency's own wording of its letters. A template is checked when it is saved (templateProblems
// and a trial composition with sample data), so a letter can never fail when it is issued.
import {
  type Actor,
  isSystemActor,
  loadAgencyTree,
  type Role,
  requireRole,
  type UseCaseContext,
} from '../agencies/index.ts';
import { appendAudit } from '../audit/index.ts';
import { DomainError } from '../kernel/errors.ts';
import {
  composeLetter,
  DEFAULT_TEMPLATES,
  isLetterKind,
  LETTER_KINDS,
  type LetterData,
  type LetterKind,
  templateProblems,
} from './letters/index.ts';

/** Who words the office's letters: its handlers and the approver who signs them. */
export const TEMPLATE_EDITOR_ROLES: readonly Role[] = ['handler', 'approver'];

export interface AgencyTemplate {
  kind: LetterKind;
  body: string;
  /** The agency's own wording, or the default. */
  custom: boolean;
  updatedAt: string | null;
}

export async function listLetterTemplates(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
): Promise<AgencyTemplate[]> {
  requireRole(actor, TEMPLATE_EDITOR_ROLES, agencyId, await loadAgencyTree(ctx.db), '机构');
  const rows = await ctx.db
    .selectFrom('letter_templates')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .execute();
  return LETTER_KINDS.map((kind) => {
    const row = rows.find((r) => r.kind === kind);
    return {
      kind,
      body: row?.body ?? DEFAULT_TEMPLATES[kind],
      custom: row !== undefined,
      updatedAt: row?.updated_at ?? null,
    };
  });
}

/** Sample data for a trial composition of each kind at save time. */
function sample(kind: LetterKind): LetterData {
  const base = {
    agencyName: '示例机关',
    documentNumber: '示例〔2026〕1号',
    issuedOn: '2026-01-05',
    applicantName: '示例申请人',
    trackingNumber: 'YSQ2026-AAAA-BBBB',
    receivedOn: '2026-01-04',
    description: '示例信息',
  };
  switch (kind) {
    case 'supplement_notice':
      return { ...base, kind, supplementItems: ['示例事项'], correctionDue: '2026-01-20' };
    case 'extension_notice':
      return { ...base, kind, extensionDays: 20, newDueDate: '2026-03-01' };
    case 'consultation_letter':
      return { ...base, kind, party: 'third_party', recipientName: '示例第三方' };
    case 'fee_notice':
      return { ...base, kind, feeMethod: 'per_page', feeUnits: 40, feeAmount: 100, paymentMethod: '示例' };
    case 'reply':
      return { ...base, kind, outcome: 'partial', withheld: ['denied4'], deliveryForm: '电子文本' };
  }
}

/** Saves the agency's template of a kind; `body` null goes back to the default. */
export async function saveLetterTemplate(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
  kind: string,
  body: string | null,
): Promise<void> {
  requireRole(actor, TEMPLATE_EDITOR_ROLES, agencyId, await loadAgencyTree(ctx.db), '机构');
  if (!isLetterKind(kind))
    throw new DomainError('input.invalid', '文书类型无效', { userMessage: '文书类型无效' });
  const text = body?.replace(/\r\n?/g, '\n') ?? null;
  if (text !== null) {
    const problems = templateProblems(kind, text);
    if (problems.length === 0) {
      try {
        composeLetter(text, sample(kind));
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
    if (problems.length > 0)
      throw new DomainError('input.invalid', '文书模板有误', {
        problems,
        userMessage: '文书模板有误，未保存。',
      });
  }
  const now = ctx.now().toISOString();
  const userId = isSystemActor(actor) ? null : actor.user.id;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('letter_templates')
      .where('agency_id', '=', agencyId)
      .where('kind', '=', kind)
      .execute();
    if (text !== null)
      await trx
        .insertInto('letter_templates')
        .values({ agency_id: agencyId, kind, body: text, updated_by: userId, updated_at: now })
        .execute();
    await appendAudit(
      trx,
      {
        userId,
        agencyId,
        action: text === null ? 'letter_template.reset' : 'letter_template.save',
        objectType: 'letter_template',
        objectId: kind,
        result: 'ok',
        details: { kind, length: text?.length ?? 0 },
      },
      now,
    );
  });
}
