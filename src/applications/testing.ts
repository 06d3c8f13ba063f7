// Test fixtures for applications: the agency tree of src/agencies/testing.ts plus the staff who
// handle applications, and applicants with valid (fictional) identity numbers.

import { createUser } from '../agencies/create-user.ts';
import { grantRole } from '../agencies/grant-role.ts';
import type { Principal, UseCaseContext } from '../agencies/index.ts';
import type { Role } from '../agencies/roles.ts';
import { buildFixture, type Fixture, SYSTEM, signIn } from '../agencies/testing.ts';
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
