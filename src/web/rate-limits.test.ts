// The guessing limiter of the 办事评价: wrong attempts in a sliding window, a flood guard on all
// attempts, parallel bursts bounded, addresses forgotten once idle or beyond the bound.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createGuessLimiter, type GuessLimitOptions } from './rate-limits.ts';

function limiter(overrides: Partial<GuessLimitOptions> = {}) {
  const clock = { ms: 1_000_000 };
  const limit = createGuessLimiter({
    maxWrong: 3,
    maxAttempts: 8,
    windowMs: 60_000,
    maxAddresses: 100,
    now: () => clock.ms,
    ...overrides,
  });
  const attempt = (address: string, wrong: boolean) => {
    const admission = limit.admit(address);
    if (admission.ok) admission.attempt.settle(wrong);
    return admission;
  };
  return { clock, limit, attempt };
}

describe('guess limiter', () => {
  it('lets right attempts through up to the flood guard, then refuses until its window ends', () => {
    const { clock, attempt } = limiter();
    for (let i = 0; i < 8; i++) assert.equal(attempt('a', false).ok, true, `attempt ${i + 1}`);
    clock.ms += 20_000;
    const refused = attempt('a', false);
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.retryAfterSeconds, 40);
    clock.ms += 40_000;
    assert.equal(attempt('a', false).ok, true);
  });

  it('refuses every attempt after maxWrong wrong ones, until the oldest leaves the window', () => {
    const { clock, attempt } = limiter();
    assert.equal(attempt('a', true).ok, true);
    clock.ms += 10_000;
    assert.equal(attempt('a', false).ok, true, 'a right attempt between does not reset the count');
    assert.equal(attempt('a', true).ok, true);
    assert.equal(attempt('a', true).ok, true);
    const refused = attempt('a', false);
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.retryAfterSeconds, 50);
    assert.equal(attempt('b', true).ok, true, 'another address is not concerned');
    clock.ms += 50_000;
    // The first wrong attempt left the window: one more try, and a wrong one closes it again.
    assert.equal(attempt('a', true).ok, true);
    const again = attempt('a', false);
    assert.equal(again.ok, false);
    assert.equal(!again.ok && again.retryAfterSeconds, 10);
  });

  it('counts attempts still running as wrong, so a parallel burst is bounded', () => {
    const { limit } = limiter();
    const admitted = [limit.admit('a'), limit.admit('a'), limit.admit('a')];
    assert.ok(admitted.every((a) => a.ok));
    const fourth = limit.admit('a');
    assert.equal(fourth.ok, false);
    assert.equal(!fourth.ok && fourth.retryAfterSeconds, 1);
    for (const a of admitted) if (a.ok) a.attempt.settle(false);
    // Settling twice changes nothing.
    for (const a of admitted) if (a.ok) a.attempt.settle(true);
    assert.equal(limit.admit('a').ok, true);
  });

  it('forgets idle addresses and keeps at most maxAddresses', () => {
    const { clock, limit, attempt } = limiter({ maxAddresses: 5 });
    for (let i = 0; i < 20; i++) attempt(`10.0.0.${i}`, true);
    assert.equal(limit.size(), 5);
    // The most recent addresses are the ones kept.
    for (let i = 0; i < 2; i++) attempt('10.0.0.19', true);
    assert.equal(attempt('10.0.0.19', false).ok, false);
    clock.ms += 60_000;
    attempt('fresh', false);
    assert.equal(limit.size(), 1, 'idle for a whole window: dropped');
  });
});
