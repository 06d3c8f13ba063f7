// TOTP second factor (RFC 6238): SHA1, 6 digits, 30-second steps, one step of drift either way.
// Pure apart from generating a secret.
import { Secret, TOTP } from 'otpauth';

export const TOTP_ISSUER = 'gongkai 政务公开';
const PARAMS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;

/** A new random 160-bit secret, base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUrl(secret: string, username: string): string {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label: username,
    secret: Secret.fromBase32(secret),
    ...PARAMS,
  }).toString();
}

/** The time step of `now`. */
export function totpStep(now: Date): number {
  return TOTP.counter({ period: PARAMS.period, timestamp: now.getTime() });
}

/** The code for a secret at an instant (tests, and nothing else, need this). */
export function totpCode(secret: string, now: Date): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), ...PARAMS, timestamp: now.getTime() });
}

/**
 * The time step a code belongs to, when it is valid at `now` (±1 step) and newer than the last
 * accepted step (a code is accepted once); otherwise null.
 */
export function matchTotp(secret: string, code: string, now: Date, lastStep: number | null): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  let delta: number | null;
  try {
    delta = TOTP.validate({
      token,
      secret: Secret.fromBase32(secret),
      ...PARAMS,
      timestamp: now.getTime(),
      window: 1,
    });
  } catch {
    return null;
  }
  if (delta === null) return null;
  const step = totpStep(now) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}
