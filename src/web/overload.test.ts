// Load shedding (web/overload.ts) on a real app: while the event loop has been blocked, requests are
// refused with 429, Retry-After and the Chinese message (JSON for the API), except the health
// check, the stylesheet and the office login; once the loop is free again they are served.
// The shedding reads only the event loop, never the database, so one engine is enough.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../config.ts';
import { exemptFromShedding, OVERLOAD_MESSAGE, retryAfterSeconds } from './overload.ts';
import { createWebFixture, type WebFixture } from './testing.ts';

const SAMPLE_MS = 100;

/** Keeps the event loop busy, as a crowd of queued requests would. */
function blockLoop(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // busy
  }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > end) throw new Error('condition not reached in time');
    await sleep(5);
  }
}

describe('load shedding', () => {
  let fixture: WebFixture;
  before(async () => {
    fixture = await createWebFixture('sqlite', {
      config: { overloadMaxDelayMs: 50, overloadSampleMs: SAMPLE_MS },
    });
    // Past the grace after start-up, and past a sample without pressure.
    await sleep(3 * SAMPLE_MS);
  });
  after(() => fixture?.close());

  const searchUrl = () => `/agencies/${fixture.chengliu.id}/search?q=${encodeURIComponent('公开')}`;

  it('serves normally when the loop keeps up', async () => {
    assert.equal(fixture.app.isUnderPressure(), false);
    const response = await fixture.app.inject({ method: 'GET', url: searchUrl() });
    assert.equal(response.statusCode, 200);
  });

  it('refuses with 429, Retry-After and a Chinese page after the loop was blocked, then recovers', async () => {
    const { app } = fixture;
    blockLoop(4 * SAMPLE_MS);
    await until(() => app.isUnderPressure(), 10 * SAMPLE_MS);
    const [page, api, health, login, css] = await Promise.all([
      app.inject({ method: 'GET', url: searchUrl() }),
      app.inject({ method: 'GET', url: '/api/v1/agencies' }),
      app.inject({ method: 'GET', url: '/healthz' }),
      app.inject({ method: 'GET', url: '/office/login' }),
      app.inject({ method: 'GET', url: '/static/site.css' }),
    ]);
    assert.equal(page.statusCode, 429);
    assert.equal(
      page.headers['retry-after'],
      String(retryAfterSeconds({ overloadMaxDelayMs: 50, overloadSampleMs: SAMPLE_MS })),
    );
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.ok(page.body.includes(OVERLOAD_MESSAGE), 'the error page says why');
    assert.ok(page.headers['content-security-policy'], 'the refusal keeps the security headers');
    assert.equal(api.statusCode, 429);
    assert.equal(api.json().error.code, 'input.rate_limited');
    assert.equal(api.json().error.message, OVERLOAD_MESSAGE);
    assert.ok(api.headers['retry-after']);
    assert.equal(health.statusCode, 200, 'the health check is never shed');
    assert.equal(login.statusCode, 200, 'the office login is never shed');
    assert.notEqual(css.statusCode, 429, 'static files are never shed');

    await until(() => !app.isUnderPressure(), 10 * SAMPLE_MS);
    const again = await app.inject({ method: 'GET', url: searchUrl() });
    assert.equal(again.statusCode, 200);
  });

  it('names the exempt paths exactly', () => {
    for (const path of [
      '/healthz',
      '/healthz?x=1',
      '/static/site.css',
      '/office/login',
      '/office/login/totp',
    ])
      assert.equal(exemptFromShedding(path), true, path);
    for (const path of [
      '/',
      '/office',
      '/office/loginx',
      '/agencies/x/apply',
      '/api/v1/agencies',
      '/healthzz',
    ])
      assert.equal(exemptFromShedding(path), false, path);
  });
});

describe('load shedding settings', () => {
  it('are on by default, and 0 switches them off', () => {
    assert.equal(loadConfig({}).overloadMaxDelayMs, 200);
    assert.equal(loadConfig({}).overloadSampleMs, 500);
    assert.equal(loadConfig({ GONGKAI_OVERLOAD_MAX_DELAY_MS: '0' }).overloadMaxDelayMs, 0);
    assert.throws(() => loadConfig({ GONGKAI_OVERLOAD_SAMPLE_MS: '5' }), /GONGKAI_OVERLOAD_SAMPLE_MS/);
    assert.equal(retryAfterSeconds({ overloadMaxDelayMs: 200, overloadSampleMs: 500 }), 1);
    assert.equal(retryAfterSeconds({ overloadMaxDelayMs: 200, overloadSampleMs: 2000 }), 4);
  });
});
