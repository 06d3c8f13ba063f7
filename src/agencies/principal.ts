// Users, role grants, the acting principal and the context every use case receives.
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import type { FileStore } from '../files/index.ts';
import type { PasswordPolicy } from './password-policy.ts';
import type { PasswordHashOptions } from './passwords.ts';
import type { Role } from './roles.ts';

/** A staff account, without its password hash or TOTP secret. */
export interface User {
  id: string;
  agencyId: string;
  username: string;
  displayName: string;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  disabled: boolean;
  /** ISO instant until which logins are refused, or null. */
  lockedUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RoleGrant {
  id: string;
  userId: string;
  agencyId: string;
  role: Role;
  /** The grant covers the whole subtree of the agency, not only the agency itself. */
  includeSubtree: boolean;
  createdAt: string;
}

/** The signed-in user acting in a request. */
export interface Principal {
  user: User;
  grants: readonly RoleGrant[];
  /** sessions.id: the SHA-256 of the cookie token, never the token itself. */
  sessionId: string;
  /** The TOTP code was given in this session, or the user has no second factor. */
  secondFactorOk: boolean;
  /** The user's agency enforces TOTP and the user has not enrolled yet. */
  needsTotpEnrolment: boolean;
}

/**
 * The operator of the installation acting from the command line (seeding, creating the first
 * administrator, unlocking an account). Never built from a web request.
 */
export interface SystemActor {
  system: string;
}

export type Actor = Principal | SystemActor;

export function systemActor(name: string): SystemActor {
  return { system: name };
}

export function isSystemActor(actor: Actor): actor is SystemActor {
  return typeof (actor as SystemActor).system === 'string';
}

export interface UseCaseContext {
  db: Kysely<DB>;
  config: Readonly<Config>;
  now: () => Date;
  /** argon2id cost; production defaults when absent (tests pass a low cost). */
  passwordHashing?: PasswordHashOptions;
  /** Password rules; the 等保-compatible default when absent. */
  passwordPolicy?: PasswordPolicy;
  /** Where attachment bytes are stored; the database (disclosure_files.content) when absent. */
  files?: FileStore;
}
