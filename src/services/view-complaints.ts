// Reading complaints: the agency's queue (overdue first) and one complaint in full for its staff and
// the supervisors above; the complainant's own view through the secret link, with the name and the
// telephone masked (whoever holds the link sees no more than they need); and the windows and items
// the forms offer.
import type { Kysely } from 'kysely';
import {
  type Actor,
  getPublicAgency,
  hasRole,
  isSystemActor,
  type UseCaseContext,
} from '../agencies/index.ts';
import type { DB } from '../db/schema.ts';
import { redactPersonalData } from '../disclosures/index.ts';
import { shanghaiDate } from '../kernel/civil-date.ts';
import {
  type ComplaintChannel,
  type ComplaintState,
  isComplaintState,
  isOverdue,
  maskComplainantName,
  maskComplainantPhone,
  maskedAnswer,
  queueOrder,
} from './complaint.ts';
import {
  type ComplaintRow,
  displayNamesOf,
  findComplaint,
  findComplaintByTokenHash,
  findComplaintsOfAgency,
  findOfferedItems,
  findOpenWindows,
  type NamedChoice,
  namesOf,
} from './service-feedback.repository.ts';
import {
  FEEDBACK_CLERK_ROLES,
  FEEDBACK_READER_ROLES,
  hashSecret,
  listServiceStaff,
  notFoundComplaint,
  requireAgencyRole,
} from './service-feedback-shell.ts';

export interface ComplaintSummary {
  id: string;
  reference: string;
  channel: ComplaintChannel;
  state: ComplaintState;
  receivedAt: string;
  dueOn: string;
  overdue: boolean;
  windowName: string | null;
  itemName: string | null;
  assigneeName: string | null;
  onTime: boolean | null;
}

/** The complaint as the agency's staff see it: everything, unmasked. */
export interface ComplaintDetail extends ComplaintSummary {
  agencyId: string;
  content: string;
  complainantName: string;
  complainantPhone: string;
  assignedTo: string | null;
  answer: string | null;
  answeredAt: string | null;
  answeredByName: string | null;
}

/** The complainant's view through the link. */
export interface PublicComplaintView {
  agency: { id: string; name: string };
  reference: string;
  channel: ComplaintChannel;
  state: ComplaintState;
  receivedOn: string;
  dueOn: string;
  overdue: boolean;
  windowName: string | null;
  itemName: string | null;
  content: string;
  /** Masked: 王** */
  complainantName: string;
  /** Masked: 138****5678 */
  complainantPhone: string;
  answer: string | null;
  answeredOn: string | null;
}

const channelOf = (value: string): ComplaintChannel => (value === 'hotline' ? 'hotline' : 'online');
const stateOf = (value: string): ComplaintState => (isComplaintState(value) ? value : 'received');

async function summaries(db: Kysely<DB>, rows: readonly ComplaintRow[], today: string) {
  const names = await namesOf(
    db,
    rows.map((r) => r.window_id),
    rows.map((r) => r.item_id),
  );
  const people = await displayNamesOf(db, [
    ...rows.map((r) => r.assigned_to),
    ...rows.map((r) => r.answered_by),
  ]);
  return rows.map((r) => {
    const state = stateOf(r.state);
    const summary: ComplaintSummary = {
      id: r.id,
      reference: r.reference,
      channel: channelOf(r.channel),
      state,
      receivedAt: r.received_at,
      dueOn: r.due_on,
      overdue: isOverdue({ state, dueOn: r.due_on }, today),
      windowName: r.window_id === null ? null : (names.windows.get(r.window_id) ?? null),
      itemName: r.item_id === null ? null : (names.items.get(r.item_id) ?? null),
      assigneeName: r.assigned_to === null ? null : (people.get(r.assigned_to) ?? null),
      onTime: r.on_time === null ? null : Number(r.on_time) === 1,
    };
    return { row: r, summary, people };
  });
}

/** The agency's complaints: overdue first, then open by deadline, then the answered. */
export async function listComplaints(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
): Promise<ComplaintSummary[]> {
  await requireAgencyRole(ctx.db, actor, agencyId, FEEDBACK_READER_ROLES);
  const today = shanghaiDate(ctx.now());
  const rows = await findComplaintsOfAgency(ctx.db, agencyId);
  return queueOrder(
    (await summaries(ctx.db, rows, today)).map((s) => s.summary),
    today,
  );
}

export async function getComplaint(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
  complaintId: string,
): Promise<ComplaintDetail> {
  const tree = await requireAgencyRole(ctx.db, actor, agencyId, FEEDBACK_READER_ROLES);
  const row = await findComplaint(ctx.db, complaintId);
  if (!row || row.agency_id !== agencyId) throw notFoundComplaint();
  // Whoever handles complaints at the agency calls the complainant back; a supervisor reads the
  // case, not who filed it (as with applicants).
  const handles =
    isSystemActor(actor) || FEEDBACK_CLERK_ROLES.some((role) => hasRole(actor, role, agencyId, tree));
  const [{ summary, people }] = (await summaries(ctx.db, [row], shanghaiDate(ctx.now()))) as [
    Awaited<ReturnType<typeof summaries>>[number],
  ];
  return {
    ...summary,
    agencyId: row.agency_id,
    content: row.content,
    complainantName: handles ? row.complainant_name : maskComplainantName(row.complainant_name),
    complainantPhone: handles ? row.complainant_phone : maskComplainantPhone(row.complainant_phone),
    assignedTo: row.assigned_to,
    answer: row.answer,
    answeredAt: row.answered_at,
    answeredByName: row.answered_by === null ? null : (people.get(row.answered_by) ?? null),
  };
}

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

/** The complainant's view through the secret link; null for any other token. */
export async function findComplaintByToken(
  ctx: UseCaseContext,
  token: string,
): Promise<PublicComplaintView | null> {
  if (!TOKEN.test(token)) return null;
  const row = await findComplaintByTokenHash(ctx.db, hashSecret(token));
  if (!row) return null;
  const agency = await getPublicAgency(ctx.db, row.agency_id);
  if (!agency) return null;
  const [{ summary }] = (await summaries(ctx.db, [row], shanghaiDate(ctx.now()))) as [
    Awaited<ReturnType<typeof summaries>>[number],
  ];
  return {
    agency: { id: agency.id, name: agency.name },
    reference: row.reference,
    channel: summary.channel,
    state: summary.state,
    receivedOn: shanghaiDate(new Date(row.received_at)),
    dueOn: row.due_on,
    overdue: summary.overdue,
    windowName: summary.windowName,
    itemName: summary.itemName,
    // A link can be forwarded: the personal numbers people write into the text (their own 身份证号,
    // a card for a refund, the telephone the answer quotes) are masked like the name and telephone.
    content: redactPersonalData(row.content),
    complainantName: maskComplainantName(row.complainant_name),
    complainantPhone: maskComplainantPhone(row.complainant_phone),
    answer: row.answer === null ? null : maskedAnswer(row.answer, row.complainant_phone),
    answeredOn: row.answered_at === null ? null : shanghaiDate(new Date(row.answered_at)),
  };
}

export interface ServiceChoices {
  windows: NamedChoice[];
  items: (NamedChoice & { windowId: string | null; level: string })[];
}

/** The open windows and offered items of an agency, for the public complaint form. */
export async function publicServiceChoices(db: Kysely<DB>, agencyId: string): Promise<ServiceChoices> {
  return { windows: await findOpenWindows(db, agencyId), items: await findOfferedItems(db, agencyId) };
}

/** The same for the clerk's forms (办件登记, hotline complaint), with the role checked. */
export async function serviceChoicesFor(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
): Promise<ServiceChoices> {
  await requireAgencyRole(ctx.db, actor, agencyId, FEEDBACK_CLERK_ROLES);
  return publicServiceChoices(ctx.db, agencyId);
}

/** Who a complaint of the agency can be given to (for the assignment form). */
export async function complaintAssignees(
  ctx: UseCaseContext,
  actor: Actor,
  agencyId: string,
): Promise<{ id: string; displayName: string }[]> {
  await requireAgencyRole(ctx.db, actor, agencyId, FEEDBACK_READER_ROLES);
  return listServiceStaff(ctx.db, agencyId);
}
