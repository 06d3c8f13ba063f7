// Masks every personal number the scan finds in the working version (title, 文号, summary,
// keywords, body — inside the HTML and its links' addresses too — and the attachments' names,
// renamed): the editor in a draft, the reviewer during the review. What remains to be published
// then shows 138****5678 instead of the number; the audit counts. A file's content cannot be
// changed here: its findings stay until the file is removed or replaced, or justified.
import { type Actor, loadAgencyTree, requireRole, type UseCaseContext } from '../agencies/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { EDITOR_ROLES } from './create-draft.ts';
import {
  contentOf,
  findAttachments,
  findItemForUpdate,
  findVersion,
  renameAttachment,
  updateItem,
  updateVersion,
  versionColumns,
} from './disclosure.repository.ts';
import type { ItemContent } from './item.ts';
import { scanContent, splitKeywords } from './item-rules.ts';
import { loadItemFor, notFoundItem, recordStep, scannedAttachments, userIdOf } from './item-shell.ts';
import { ATTACHMENT_FINDING_ADVICE, redactPersonalData } from './personal-data.ts';
import { REVIEWER_ROLES } from './review-steps.ts';
import { htmlToText, redactHtml } from './rich-text.ts';

/** The content with every finding masked (pure). */
export function redactContent(content: ItemContent): ItemContent {
  const bodyHtml = redactHtml(content.bodyHtml).html;
  return {
    ...content,
    title: redactPersonalData(content.title),
    documentNumber: content.documentNumber === null ? null : redactPersonalData(content.documentNumber),
    summary: redactPersonalData(content.summary),
    keywords: splitKeywords(content.keywords.map((k) => redactPersonalData(k))),
    bodyHtml,
    bodyText: htmlToText(bodyHtml),
  };
}

export async function redactItem(
  ctx: UseCaseContext,
  actor: Actor,
  itemId: string,
  options: { expectedEventCount?: number } = {},
): Promise<{ redacted: number; remaining: number }> {
  const row = await loadItemFor(ctx, actor, itemId, [...EDITOR_ROLES, ...REVIEWER_ROLES]);
  requireRole(
    actor,
    row.phase === 'in_review' ? REVIEWER_ROLES : EDITOR_ROLES,
    row.agency_id,
    await loadAgencyTree(ctx.db),
    '信息',
  );
  const now = ctx.now();
  const iso = now.toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const locked = await findItemForUpdate(trx, itemId);
    if (!locked) throw notFoundItem();
    const stored = await findVersion(trx, itemId, locked.version);
    if (!stored) throw new Error(`version ${locked.version} of ${itemId} missing`);
    const content = contentOf(stored);
    const attachments = await findAttachments(trx, itemId, locked.version);
    const names = attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      scan: { status: 'no_text' as const },
    }));
    const found = scanContent(content, names).length;
    if (found === 0) {
      const inFiles = scanContent(content, await scannedAttachments(trx, itemId, locked.version)).length > 0;
      const message = inFiles
        ? `没有发现可以自动去除的个人信息。${ATTACHMENT_FINDING_ADVICE}`
        : '没有发现需要去除的个人信息';
      throw new DomainError('conflict.state', message, { userMessage: message });
    }
    const redacted = redactContent(content);
    const renamed = names.map((a) => ({ ...a, filename: redactPersonalData(a.filename) }));
    const remaining = scanContent(redacted, renamed).length;
    for (const [i, a] of renamed.entries())
      if (a.filename !== names[i]!.filename) await renameAttachment(trx, a.id, a.filename);
    await recordStep(trx, itemId, {
      actor,
      event: { type: 'redacted', at: iso, by: userIdOf(actor), count: found - remaining },
      now,
      ...(options.expectedEventCount !== undefined ? { expectedEventCount: options.expectedEventCount } : {}),
      audit: { redacted: found - remaining, remaining },
    });
    await updateVersion(trx, itemId, locked.version, { ...versionColumns(redacted), updated_at: iso });
    await updateItem(trx, itemId, { title: redacted.title });
    return { redacted: found - remaining, remaining };
  });
}
