// argon2id password hashes and random initial passwords.
import { randomInt } from 'node:crypto';
import { hash, parseOptions, verify } from '@node-rs/argon2';
import { checkPasswordPolicy, DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from './password-policy.ts';

export interface PasswordHashOptions {
  /** KiB */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP's argon2id baseline (m=19 MiB, t=2, p=1), also the @node-rs/argon2 defaults. */
export const PRODUCTION_HASHING: Readonly<PasswordHashOptions> = Object.freeze({
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
});

/** argon2id (the library's default algorithm); the PHC string records the parameters. */
export function hashPassword(
  password: string,
  options: Readonly<PasswordHashOptions> = PRODUCTION_HASHING,
): Promise<string> {
  return hash(password, { ...options });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** The stored hash was made with other parameters than the current ones. */
export function needsRehash(passwordHash: string, options: Readonly<PasswordHashOptions>): boolean {
  try {
    const parsed = parseOptions(passwordHash);
    return (
      parsed.algorithm !== 2 ||
      parsed.memoryCost !== options.memoryCost ||
      parsed.timeCost !== options.timeCost ||
      parsed.parallelism !== options.parallelism
    );
  } catch {
    return true;
  }
}

const dummyHashes = new Map<string, Promise<string>>();

/**
 * Verifies against a hash of a random password with the same cost, so that an unknown username
 * takes as long as a wrong password. Always false.
 */
export async function verifyAgainstDummy(
  password: string,
  options: Readonly<PasswordHashOptions> = PRODUCTION_HASHING,
): Promise<false> {
  await verifyPassword(await dummyHash(options), password);
  return false;
}

/** The hash an unknown username is verified against: a random password hashed at the same cost. */
export function dummyHash(options: Readonly<PasswordHashOptions>): Promise<string> {
  const key = `${options.memoryCost}/${options.timeCost}/${options.parallelism}`;
  let dummy = dummyHashes.get(key);
  if (!dummy) {
    dummy = hashPassword(generatePassword(), options);
    dummyHashes.set(key, dummy);
  }
  return dummy;
}

// No 0/O, 1/l/I: initial passwords are read off paper or a screen and typed.
const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '!@#$%^&*-_=+?';

function pick(alphabet: string): string {
  return alphabet[randomInt(alphabet.length)]!;
}

/** A random password of `length` characters with all four classes that satisfies the policy. */
export function generatePassword(
  length = 16,
  username = '',
  policy: Readonly<PasswordPolicy> = DEFAULT_PASSWORD_POLICY,
): string {
  const size = Math.min(Math.max(length, policy.minLength, 4), Math.max(policy.maxLength, 4));
  const all = LOWER + UPPER + DIGITS + SYMBOLS;
  for (;;) {
    const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)];
    while (chars.length < size) chars.push(pick(all));
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j]!, chars[i]!];
    }
    const password = chars.join('');
    if (checkPasswordPolicy(password, username, policy).length === 0) return password;
  }
}
