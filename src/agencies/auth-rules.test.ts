import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agencyProblems, creditCodeCheckChar, isValidCreditCode, settingsProblems } from './agency.ts';
import {
  afterFailedAttempt,
  beijingTime,
  isLocked,
  lockedMessage,
  sessionState,
  shouldTouch,
} from './auth-rules.ts';
import { matchTotp, newTotpSecret, totpCode, totpStep, totpUrl } from './totp.ts';

const limits = { lockoutThreshold: 5, lockoutMinutes: 30 };
const t = (iso: string) => new Date(iso);

describe('lockout', () => {
  it('locks on the fifth failure for thirty minutes', () => {
    let state = { failedLogins: 0, lockedUntil: null as string | null };
    const now = t('2026-03-01T02:00:00Z');
    for (let i = 1; i <= 4; i++) {
      const next = afterFailedAttempt(state, now, limits);
      assert.deepEqual(next, { failedLogins: i, lockedUntil: null, justLocked: false });
      state = next;
    }
    const locked = afterFailedAttempt(state, now, limits);
    assert.deepEqual(locked, { failedLogins: 0, lockedUntil: '2026-03-01T02:30:00.000Z', justLocked: true });
    assert.equal(isLocked(locked, t('2026-03-01T02:29:59Z')), true);
    assert.equal(isLocked(locked, t('2026-03-01T02:30:00Z')), false);
  });

  it('starts counting afresh after a lock ran out', () => {
    const expired = { failedLogins: 3, lockedUntil: '2026-03-01T02:30:00.000Z' };
    assert.deepEqual(afterFailedAttempt(expired, t('2026-03-01T03:00:00Z'), limits), {
      failedLogins: 1,
      lockedUntil: null,
      justLocked: false,
    });
  });

  it('neither extends nor lifts a lock that is in force', () => {
    const locked = { failedLogins: 0, lockedUntil: '2026-03-01T02:30:00.000Z' };
    assert.deepEqual(afterFailedAttempt(locked, t('2026-03-01T02:10:00Z'), limits), {
      ...locked,
      justLocked: false,
    });
  });

  it('says until when, in Beijing time', () => {
    assert.equal(beijingTime('2026-03-01T17:45:00.000Z'), '2026-03-02 01:45');
    assert.match(lockedMessage('2026-03-01T02:30:00.000Z'), /锁定至北京时间 2026-03-01 10:30/);
  });
});

describe('session lifetime', () => {
  const session = { lastSeenAt: '2026-03-01T02:00:00.000Z', expiresAt: '2026-03-01T14:00:00.000Z' };
  const config = { sessionIdleMinutes: 15, sessionAbsoluteHours: 12 };
  it('is idle after more than 15 minutes without a request', () => {
    assert.equal(sessionState(session, t('2026-03-01T02:15:00Z'), config), 'active');
    assert.equal(sessionState(session, t('2026-03-01T02:15:01Z'), config), 'idle');
  });
  it('expires at the absolute lifetime however active', () => {
    const busy = { ...session, lastSeenAt: '2026-03-01T13:59:00.000Z' };
    assert.equal(sessionState(busy, t('2026-03-01T13:59:59Z'), config), 'active');
    assert.equal(sessionState(busy, t('2026-03-01T14:00:00Z'), config), 'expired');
  });
  it('records activity at most once a minute', () => {
    assert.equal(shouldTouch(session, t('2026-03-01T02:00:59Z')), false);
    assert.equal(shouldTouch(session, t('2026-03-01T02:01:00Z')), true);
  });
});

describe('TOTP', () => {
  const now = t('2026-03-01T02:00:10Z');
  it('accepts the current code and one step either way, each once', () => {
    const secret = newTotpSecret();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    const step = totpStep(now);
    assert.equal(matchTotp(secret, totpCode(secret, now), now, null), step);
    assert.equal(matchTotp(secret, totpCode(secret, new Date(now.getTime() - 30_000)), now, null), step - 1);
    assert.equal(matchTotp(secret, totpCode(secret, new Date(now.getTime() + 30_000)), now, null), step + 1);
    assert.equal(matchTotp(secret, totpCode(secret, new Date(now.getTime() - 60_000)), now, null), null);
    assert.equal(matchTotp(secret, totpCode(secret, now), now, step), null, 'replayed');
    assert.equal(matchTotp(secret, totpCode(secret, new Date(now.getTime() + 30_000)), now, step), step + 1);
  });

  it('refuses malformed codes and accepts spaces', () => {
    const secret = newTotpSecret();
    const code = totpCode(secret, now);
    assert.equal(matchTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now, null), totpStep(now));
    assert.equal(matchTotp(secret, 'abcdef', now, null), null);
    assert.equal(matchTotp(secret, '', now, null), null);
  });

  it('matches the RFC 6238 SHA1 test vector', () => {
    // Secret "12345678901234567890" in base32; T = 59 s gives 94287082 (8 digits) → 287082 (6 digits).
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    assert.equal(totpCode(secret, new Date(59_000)), '287082');
  });

  it('gives an otpauth URL with the standard parameters', () => {
    const url = new URL(totpUrl('JBSWY3DPEHPK3PXP', 'chengliu-admin'));
    assert.equal(url.protocol, 'otpauth:');
    assert.equal(url.searchParams.get('secret'), 'JBSWY3DPEHPK3PXP');
    assert.equal(url.searchParams.get('algorithm'), 'SHA1');
    assert.equal(url.searchParams.get('digits'), '6');
    assert.equal(url.searchParams.get('period'), '30');
    assert.match(decodeURIComponent(url.pathname), /chengliu-admin/);
  });
});

describe('agencies', () => {
  it('checks the 统一社会信用代码 check character', () => {
    assert.equal(isValidCreditCode('91350100M000100Y43'), true, 'example of GB 32100-2015');
    assert.equal(isValidCreditCode('91350100M000100Y44'), false);
    assert.equal(isValidCreditCode('91350100M000100Y4'), false);
    assert.equal(isValidCreditCode('91350100M000100I43'), false, 'I is not used');
    assert.equal(creditCodeCheckChar('11419001005942312'), 'L');
  });

  it('checks the types of known settings', () => {
    assert.deepEqual(
      settingsProblems({ enforceTotp: true, contact: { phone: '0391-6612345' }, other: 1 }),
      [],
    );
    assert.deepEqual(settingsProblems({ enforceTotp: 'yes', contact: { phone: 3, fax2: 'x' } }), [
      '“强制动态验证码”设置应为是或否',
      '联系方式“phone”应为200字以内的文字',
      '联系方式中没有“fax2”一项',
    ]);
    assert.deepEqual(settingsProblems({ contact: [] }), ['联系方式设置格式不正确']);
  });

  it('allows villages under towns only, and regions at the top', () => {
    assert.deepEqual(
      agencyProblems({ parentKind: 'town', kind: 'village', name: '承留村', creditCode: null }),
      [],
    );
    assert.deepEqual(agencyProblems({ parentKind: null, kind: 'town', name: '承留镇', creditCode: null }), [
      '最上级机构必须是区域',
    ]);
    assert.deepEqual(agencyProblems({ parentKind: 'region', kind: 'village', name: ' ', creditCode: 'X' }), [
      '区域之下不能设村（社区）',
      '机构名称不能为空',
      '统一社会信用代码应为18位且校验位正确',
    ]);
    assert.deepEqual(
      agencyProblems({ parentKind: 'region', kind: 'county', name: '某县', creditCode: null }),
      ['机构类型无效'],
    );
  });
});
