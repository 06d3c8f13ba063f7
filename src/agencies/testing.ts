// Test fixtures for agencies and authentication: a pinned clock, cheap argon2 and a small tree.
import { loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { changePassword } from './change-password.ts';
import { createAgency } from './create-agency.ts';
import { createUser } from './create-user.ts';
import { grantRole } from './grant-role.ts';
import { login } from './login.ts';
import type { PasswordHashOptions } from './passwords.ts';
import { type Principal, systemActor, type UseCaseContext } from './principal.ts';
import { resolveSession } from './resolve-session.ts';

/** Cheap argon2id for tests only (production keeps PRODUCTION_HASHING). */
export const TEST_HASHING: Readonly<PasswordHashOptions> = Object.freeze({
  memoryCost: 1024,
  timeCost: 1,
  parallelism: 1,
});

export const T0 = '2026-03-02T01:00:00.000Z';

export interface TestContext extends UseCaseContext {
  /** Moves the pinned clock. */
  advance(ms: number): void;
  setNow(iso: string): void;
}

export function testContext(database: Pick<Database, 'db'>): TestContext {
  let now = new Date(T0);
  return {
    db: database.db,
    config: loadConfig({}),
    now: () => now,
    passwordHashing: TEST_HASHING,
    advance(ms) {
      now = new Date(now.getTime() + ms);
    },
    setNow(iso) {
      now = new Date(iso);
    },
  };
}

export const MINUTE = 60_000;
export const SYSTEM = systemActor('test');

export interface Fixture {
  region: string;
  chengliu: string;
  sili: string;
  chengliuVillage: string;
  siliVillage: string;
  /** username → initial password */
  passwords: Map<string, string>;
  userIds: Map<string, string>;
}

/**
 * 济源示范区 → 承留镇 (→ 承留村), 思礼镇 (→ 思礼村); users: cl-admin (admin of 承留镇 with its
 * subtree), cl-editor, cl-reviewer, cl-auditor (承留镇, subtree), sl-admin (思礼镇, subtree) and
 * jy-supervisor (supervisor of the region with its subtree).
 */
export async function buildFixture(ctx: UseCaseContext): Promise<Fixture> {
  const region = await createAgency(ctx, SYSTEM, { parentId: null, kind: 'region', name: '济源示范区' });
  const chengliu = await createAgency(ctx, SYSTEM, {
    parentId: region.id,
    kind: 'town',
    name: '承留镇',
    creditCode: '11419001005942312L',
  });
  const sili = await createAgency(ctx, SYSTEM, { parentId: region.id, kind: 'town', name: '思礼镇' });
  const chengliuVillage = await createAgency(ctx, SYSTEM, {
    parentId: chengliu.id,
    kind: 'village',
    name: '承留村',
  });
  const siliVillage = await createAgency(ctx, SYSTEM, { parentId: sili.id, kind: 'village', name: '思礼村' });
  const passwords = new Map<string, string>();
  const userIds = new Map<string, string>();
  const add = async (
    agencyId: string,
    username: string,
    role: Parameters<typeof grantRole>[2]['role'],
    subtree: boolean,
  ) => {
    const created = await createUser(ctx, SYSTEM, { agencyId, username, displayName: username });
    await grantRole(ctx, SYSTEM, { userId: created.user.id, agencyId, role, includeSubtree: subtree });
    passwords.set(username, created.initialPassword);
    userIds.set(username, created.user.id);
  };
  await add(chengliu.id, 'cl-admin', 'admin', true);
  await add(chengliu.id, 'cl-editor', 'editor', false);
  await add(chengliu.id, 'cl-reviewer', 'reviewer', false);
  await add(chengliu.id, 'cl-auditor', 'auditor', true);
  await add(sili.id, 'sl-admin', 'admin', true);
  await add(region.id, 'jy-supervisor', 'supervisor', true);
  return {
    region: region.id,
    chengliu: chengliu.id,
    sili: sili.id,
    chengliuVillage: chengliuVillage.id,
    siliVillage: siliVillage.id,
    passwords,
    userIds,
  };
}

/** Logs in, changes the initial password when required, and returns the ready principal. */
export async function signIn(
  ctx: UseCaseContext,
  username: string,
  password: string,
): Promise<{ principal: Principal; token: string; password: string }> {
  const result = await login(ctx, { username, password });
  let principal = await resolveSession(ctx, result.token);
  if (!principal) throw new Error(`no session for ${username}`);
  let current = password;
  if (result.mustChangePassword) {
    current = `New-${password}`;
    await changePassword(ctx, principal, { current: password, next: current });
    principal = (await resolveSession(ctx, result.token))!;
  }
  return { principal, token: result.token, password: current };
}
