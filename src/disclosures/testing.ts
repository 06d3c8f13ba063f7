// Test fixtures for 主动公开: the agency tree of src/agencies/testing.ts with the staff of the
// workflow — an editor, a reviewer, an approver, a chief who both writes and approves (for the
// separation of duties), an editor of another town and the region's supervisor — and content.
import { createUser } from '../agencies/create-user.ts';
import { grantRole } from '../agencies/grant-role.ts';
import type { Principal, UseCaseContext } from '../agencies/index.ts';
import type { Role } from '../agencies/roles.ts';
import { buildFixture, type Fixture, SYSTEM, signIn } from '../agencies/testing.ts';
import { createDraft } from './create-draft.ts';
import { CHECKLIST_IDS } from './item.ts';
import type { ContentInput } from './item-rules.ts';
import { publish } from './publish-item.ts';
import { approve, signReview, submitForReview } from './review-steps.ts';

export interface DisclosureFixture extends Fixture {
  editor: Principal;
  reviewer: Principal;
  approver: Principal;
  /** Editor and approver of 承留镇. */
  chief: Principal;
  /** Editor of 思礼镇: sees nothing of 承留镇. */
  otherEditor: Principal;
  supervisor: Principal;
}

export async function staff(
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

export async function buildDisclosureFixture(ctx: UseCaseContext): Promise<DisclosureFixture> {
  const fixture = await buildFixture(ctx);
  const signed = async (username: string) =>
    (await signIn(ctx, username, fixture.passwords.get(username)!)).principal;
  return {
    ...fixture,
    editor: await signed('cl-editor'),
    reviewer: await signed('cl-reviewer'),
    approver: await staff(ctx, fixture.chengliu, 'cl-approver', ['approver']),
    chief: await staff(ctx, fixture.chengliu, 'cl-chief', ['editor', 'approver']),
    otherEditor: await staff(ctx, fixture.sili, 'sl-editor', ['editor']),
    supervisor: await signed('jy-supervisor'),
  };
}

export function content(overrides: Partial<ContentInput> = {}): ContentInput {
  return {
    title: '承留镇2026年农村危房改造补助对象公示',
    documentNumber: '承政〔2026〕5号',
    formedOn: '2026-02-27',
    categoryCode: 'JC08',
    theme: '城乡建设、环境保护',
    validity: 'valid',
    summary: '公示2026年第一批农村危房改造补助对象。',
    bodyHtml: '<p>根据豫建村〔2026〕3号文件，现将补助对象公示如下。</p><p>公示期5个工作日。</p>',
    keywords: '危房改造，公示',
    ...overrides,
  };
}

/** The first bytes of a real (tiny) PDF: enough for the type check. */
export const TINY_PDF = new Uint8Array(
  Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1'),
);

/**
 * An item taken through the whole workflow by three people of the agency (created here, named
 * after `prefix`): drafted, submitted, signed, approved and published now. Its id.
 */
export async function publishedItem(
  ctx: UseCaseContext,
  agencyId: string,
  prefix: string,
  input: { content?: Partial<ContentInput>; attachments?: { filename: string; content: Uint8Array }[] } = {},
): Promise<string> {
  const editor = await staff(ctx, agencyId, `${prefix}.editor`, ['editor']);
  const reviewer = await staff(ctx, agencyId, `${prefix}.reviewer`, ['reviewer']);
  const approver = await staff(ctx, agencyId, `${prefix}.approver`, ['approver']);
  const { itemId } = await createDraft(ctx, editor, {
    agencyId,
    content: content(input.content),
    ...(input.attachments ? { attachments: input.attachments } : {}),
  });
  await submitForReview(ctx, editor, itemId);
  await signReview(ctx, reviewer, itemId, { checklist: CHECKLIST_IDS });
  await approve(ctx, approver, itemId);
  await publish(ctx, approver, itemId);
  return itemId;
}

/** A one-page PDF whose text is `lines` (ASCII, Helvetica), with a correct cross-reference table. */
export function textPdf(text: string | readonly string[]): Uint8Array {
  const lines = typeof text === 'string' ? [text] : text;
  const stream = lines
    .map((line, i) => `BT /F1 12 Tf 72 ${720 - i * 16} Td (${line.replace(/[()\\]/g, '\\$&')}) Tj ET`)
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}
