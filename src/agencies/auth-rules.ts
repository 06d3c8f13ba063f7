// Lockout and session lifetime rules (pure: the instant and the limits are arguments).
import { DomainError } from '../kernel/errors.ts';

export interface LockoutLimits {
  lockoutThreshold: number;
  lockoutMinutes: number;
}

export interface LockState {
  failedLogins: number;
  lockedUntil: string | null;
}

export function isLocked(state: LockState, now: Date): boolean {
  return state.lockedUntil !== null && Date.parse(state.lockedUntil) > now.getTime();
}

/**
 * The state after one more failed attempt. A lock that has run out starts the count afresh; the
 * attempt that reaches the threshold locks the account for the configured minutes; an attempt
 * while locked neither extends nor lifts the lock.
 */
export function afterFailedAttempt(
  state: LockState,
  now: Date,
  limits: LockoutLimits,
): LockState & { justLocked: boolean } {
  // A concurrent attempt that passed the lock check before the lock was set changes nothing.
  if (isLocked(state, now)) return { ...state, justLocked: false };
  const failed = (state.lockedUntil !== null ? 0 : state.failedLogins) + 1;
  if (failed >= limits.lockoutThreshold) {
    const until = new Date(now.getTime() + limits.lockoutMinutes * 60_000).toISOString();
    return { failedLogins: 0, lockedUntil: until, justLocked: true };
  }
  return { failedLogins: failed, lockedUntil: null, justLocked: false };
}

/** An instant as Beijing time, `YYYY-MM-DD HH:mm` (China has no daylight saving time). */
export function beijingTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function lockedMessage(lockedUntil: string): string {
  return `登录失败次数过多，账户已被锁定至北京时间 ${beijingTime(lockedUntil)}，请届时再试或联系系统管理员解锁。`;
}

export function lockedError(lockedUntil: string): DomainError {
  return new DomainError('auth.locked', lockedMessage(lockedUntil), { lockedUntil });
}

/** The same error for an unknown username, a wrong password and a disabled account. */
export function invalidCredentials(): DomainError {
  return new DomainError('auth.invalid_credentials', '用户名或密码错误');
}

export function sessionRequired(): DomainError {
  return new DomainError('auth.required', '登录已失效，请重新登录');
}

export interface SessionTimes {
  lastSeenAt: string;
  expiresAt: string;
}

export interface SessionLimits {
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
}

export type SessionState = 'active' | 'idle' | 'expired';

export function sessionExpiresAt(createdAt: Date, limits: SessionLimits): string {
  return new Date(createdAt.getTime() + limits.sessionAbsoluteHours * 3600_000).toISOString();
}

/** `expired`: past the absolute lifetime; `idle`: unused for longer than the idle timeout. */
export function sessionState(session: SessionTimes, now: Date, limits: SessionLimits): SessionState {
  if (now.getTime() >= Date.parse(session.expiresAt)) return 'expired';
  if (now.getTime() - Date.parse(session.lastSeenAt) > limits.sessionIdleMinutes * 60_000) return 'idle';
  return 'active';
}

/** last_seen_at is written at most once a minute. */
export function shouldTouch(session: SessionTimes, now: Date): boolean {
  return now.getTime() - Date.parse(session.lastSeenAt) >= 60_000;
}
