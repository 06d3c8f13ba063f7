// An admin of an agency creates a staff account there, with a random initial password that must
// be changed at the first login, and optionally its roles on that agency.
import { randomUUID } from 'node:crypto';
import { appendAudit } from '../audit/index.ts';
import { DomainError } from '../kernel/errors.ts';
import { actorDetails, actorUserId, loadAgencyTree, requireRole } from './access.ts';
import { insertGrantAudited } from './grant-role.ts';
import { DEFAULT_PASSWORD_POLICY } from './password-policy.ts';
import { generatePassword, hashPassword, PRODUCTION_HASHING } from './passwords.ts';
import type { Actor, RoleGrant, UseCaseContext, User } from './principal.ts';
import { isRole, type Role } from './roles.ts';
import { findUserRowByUsername, insertUser } from './user.repository.ts';
import { normalizeUsername, userProblems } from './user-rules.ts';

export interface CreateUserInput {
  agencyId: string;
  username: string;
  displayName: string;
  /** Roles on the user's own agency (without the subtree), granted in the same transaction. */
  roles?: readonly Role[];
}

export interface CreatedUser {
  user: User;
  /** Shown once to the admin, who hands it over; never stored or logged. */
  initialPassword: string;
  grants: RoleGrant[];
}

export async function createUser(
  ctx: UseCaseContext,
  actor: Actor,
  input: CreateUserInput,
): Promise<CreatedUser> {
  const tree = await loadAgencyTree(ctx.db);
  requireRole(actor, ['admin'], input.agencyId, tree, '机构');
  const username = normalizeUsername(input.username);
  const displayName = input.displayName.trim();
  const roles = [...new Set(input.roles ?? [])];
  const problems = userProblems({ username, displayName });
  if (roles.some((r) => !isRole(r))) problems.push('角色无效');
  if (problems.length > 0) throw new DomainError('input.invalid', problems.join('；'), { problems });

  const initialPassword = generatePassword(16, username, ctx.passwordPolicy ?? DEFAULT_PASSWORD_POLICY);
  const passwordHash = await hashPassword(initialPassword, ctx.passwordHashing ?? PRODUCTION_HASHING);
  const now = ctx.now().toISOString();
  const user: User = {
    id: randomUUID(),
    agencyId: input.agencyId,
    username,
    displayName,
    mustChangePassword: true,
    totpEnabled: false,
    disabled: false,
    lockedUntil: null,
    createdAt: now,
    updatedAt: now,
  };
  const grants: RoleGrant[] = roles.map((role) => ({
    id: randomUUID(),
    userId: user.id,
    agencyId: input.agencyId,
    role,
    includeSubtree: false,
    createdAt: now,
  }));

  await ctx.db.transaction().execute(async (trx) => {
    if (await findUserRowByUsername(trx, username)) {
      throw new DomainError('conflict.exists', `用户名“${username}”已被使用`, { username });
    }
    await insertUser(trx, {
      id: user.id,
      agency_id: user.agencyId,
      username,
      display_name: displayName,
      password_hash: passwordHash,
      must_change_password: 1,
      created_at: now,
      updated_at: now,
    });
    await appendAudit(
      trx,
      {
        userId: actorUserId(actor),
        agencyId: user.agencyId,
        action: 'user.create',
        objectType: 'user',
        objectId: user.id,
        result: 'ok',
        details: actorDetails(actor, { username }),
      },
      now,
    );
    const held: RoleGrant[] = [];
    for (const grant of grants) {
      await insertGrantAudited(trx, actor, grant, held);
      held.push(grant);
    }
  });
  return { user, initialPassword, grants };
}
