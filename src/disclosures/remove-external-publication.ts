// Removing a registered publication elsewhere (a mistyped or doubled registration): the agency's
// editors may; the record is deleted and the removal audited in the same transaction, so the
// year's channel counts drop at once. A registration of another agency, or none, is "not found".
import { type Actor, loadAgencyTree, requireRole, type UseCaseContext } from '../agencies/index.ts';
import { appendAudit } from '../audit/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { type Channel, isChannel } from './item.ts';
import { userIdOf } from './item-shell.ts';

export interface RemoveExternalPublicationInput {
  agencyId: string;
  publicationId: string;
}

export interface RemovedExternalPublication {
  id: string;
  channel: Channel | null;
  publishedOn: string;
}

function notFound(): DomainError {
  return new DomainError('access.not_found', 'no such channel record', {
    userMessage: '没有找到这条发布登记（可能已被删除）。',
  });
}

export async function removeExternalPublication(
  ctx: UseCaseContext,
  actor: Actor,
  input: RemoveExternalPublicationInput,
): Promise<RemovedExternalPublication> {
  requireRole(actor, ['editor'], input.agencyId, await loadAgencyTree(ctx.db), '机构');
  const iso = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const record = await trx
      .selectFrom('disclosure_channel_records')
      .select(['id', 'channel', 'published_on', 'item_id'])
      .where('id', '=', input.publicationId)
      .where('agency_id', '=', input.agencyId)
      .executeTakeFirst();
    if (record === undefined) throw notFound();
    const deleted = await trx
      .deleteFrom('disclosure_channel_records')
      .where('id', '=', record.id)
      .where('agency_id', '=', input.agencyId)
      .executeTakeFirst();
    // Removed meanwhile by someone else: nothing to audit.
    if (Number(deleted.numDeletedRows) !== 1) throw notFound();
    await appendAudit(
      trx,
      {
        userId: userIdOf(actor),
        agencyId: input.agencyId,
        action: 'disclosure.channel_removed',
        objectType: 'disclosure_channel_record',
        objectId: record.id,
        result: 'ok',
        details: {
          channel: record.channel,
          publishedOn: record.published_on,
          ...(record.item_id ? { itemId: record.item_id } : {}),
        },
      },
      iso,
    );
    return {
      id: record.id,
      channel: isChannel(record.channel) ? record.channel : null,
      publishedOn: record.published_on,
    };
  });
}
