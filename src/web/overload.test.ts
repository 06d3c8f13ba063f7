// Load shedding (web/overload.ts) on a real app: while every turn of the event loop is slow, as when
// requests queue up, requests are refused with 429, Retry-After and the Chinese message (JSON for
// the API), except the health check, the stylesheet and the office login; once the loop keeps up
// again they are served; one long task alone does not shed anything.
// The shedding reads only the event loop, never the database, so one engine is enough.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../config.ts';
import {
  exemptFromShedding,
  inFlightOf,
  type LoadMonitor,
  loadMonitorOf,
  OVERLOAD_FORM_MESSAGE,
  OVERLOAD_MESSAGE,
  retryAfterSeconds,
} from './overload.ts';
import { createWebFixture, type WebFixture } from './testing.ts';

const SAMPLE_MS = 200;
// Well above an idle loop's jitter on a busy machine, well below the crowd's turns below.
const SETTINGS = { overloadMaxDelayMs: 40, overloadSampleMs: SAMPLE_MS, overloadMaxPerTurn: 30 };

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // the work of the requests in one turn of the loop
  }
}

/** Makes every turn of the loop take `ms` until stopped: a crowd of queued requests. */
function crowd(ms: number): { stop(): void } {
  let running = true;
  const turn = () => {
    if (!running) return;
    busy(ms);
    setImmediate(turn);
  };
  setImmediate(turn);
  return {
    stop: () => {
      running = false;
    },
  };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > end) throw new Error('condition not reached in time');
    await sleep(5);
  }
}

/** Holds SQLite's one connection until released: the requests' queries wait, as under a crowd. */
async function holdDatabase(fixture: WebFixture): Promise<{ release(): Promise<void> }> {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let started = () => {};
  const holding = new Promise<void>((resolve) => {
    started = resolve;
  });
  const transaction = fixture.database.db.transaction().execute(async (trx) => {
    await trx.selectFrom('agencies').select('id').limit(1).execute();
    started();
    await held;
  });
  await holding;
  return {
    release: async () => {
      release();
      await transaction;
    },
  };
}

describe('load shedding', () => {
  let fixture: WebFixture;
  let monitor: LoadMonitor;
  before(async () => {
    fixture = await createWebFixture('sqlite', { config: SETTINGS });
    const found = loadMonitorOf(fixture.app);
    assert.ok(found, 'the app has a load monitor');
    monitor = found;
    await sleep(2 * SAMPLE_MS);
  });
  after(() => fixture?.close());

  const searchUrl = () => `/agencies/${fixture.chengliu.id}/search?q=${encodeURIComponent('公开')}`;

  it('serves normally when the loop keeps up, and after one long task', async () => {
    assert.equal(monitor.overloaded(), false);
    assert.equal((await fixture.app.inject({ method: 'GET', url: searchUrl() })).statusCode, 200);
    await sleep(SAMPLE_MS);
    busy(3 * SAMPLE_MS);
    for (let i = 0; i < 4; i++) {
      await sleep(SAMPLE_MS / 2);
      assert.equal(monitor.overloaded(), false, `one long task is no crowd (delay ${monitor.delayMs()} ms)`);
    }
    assert.equal((await fixture.app.inject({ method: 'GET', url: searchUrl() })).statusCode, 200);
  });

  it('refuses with 429, Retry-After and a Chinese page while every turn is slow, then recovers', async () => {
    const { app } = fixture;
    const load = crowd(100);
    try {
      await until(() => monitor.overloaded(), 10 * SAMPLE_MS);
      const [page, api, health, login, css] = await Promise.all([
        app.inject({ method: 'GET', url: searchUrl() }),
        app.inject({ method: 'GET', url: '/api/v1/agencies' }),
        app.inject({ method: 'GET', url: '/healthz' }),
        app.inject({ method: 'GET', url: '/office/login' }),
        app.inject({ method: 'GET', url: '/static/site.css' }),
      ]);
      assert.equal(page.statusCode, 429);
      assert.equal(page.headers['retry-after'], String(retryAfterSeconds(SETTINGS)));
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
    } finally {
      load.stop();
    }
    await until(() => !monitor.overloaded(), 10 * SAMPLE_MS);
    assert.equal((await app.inject({ method: 'GET', url: searchUrl() })).statusCode, 200);
  });

  it('refuses what is beyond the limit of requests begun in one turn of the loop', async () => {
    const { app } = fixture;
    await until(() => !monitor.overloaded(), 10 * SAMPLE_MS);
    const answers = await Promise.all(
      Array.from({ length: 60 }, () => app.inject({ method: 'GET', url: searchUrl() })),
    );
    const served = answers.filter((a) => a.statusCode === 200).length;
    const refused = answers.filter((a) => a.statusCode === 429);
    assert.equal(served + refused.length, 60);
    assert.ok(served >= 1 && served <= 30, `at most 30 of one turn served, got ${served}`);
    assert.ok(refused.length >= 30, `the rest refused, got ${refused.length}`);
    assert.ok(
      refused.every((a) => a.headers['retry-after'] !== undefined && a.body.includes(OVERLOAD_MESSAGE)),
    );
    // The next turn starts counting again (once the burst's own slow turns have left the sample;
    // the last answers of the burst may have come in this very turn).
    await sleep(2 * SAMPLE_MS);
    await until(() => !monitor.overloaded(), 10 * SAMPLE_MS);
    await sleep(1);
    assert.equal((await app.inject({ method: 'GET', url: searchUrl() })).statusCode, 200);
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

describe('load shedding by requests in flight', () => {
  let fixture: WebFixture;
  before(async () => {
    fixture = await createWebFixture('sqlite', {
      config: { overloadMaxDelayMs: 0, overloadMaxPerTurn: 0, overloadMaxInFlight: 3 },
    });
  });
  after(() => fixture?.close());

  it('refuses new requests while the limit are waiting for the database, and counts every answer out', async () => {
    const { app } = fixture;
    const url = `/agencies/${fixture.chengliu.id}/search?q=${encodeURIComponent('公开')}`;
    // A long transaction holds SQLite's one connection: the requests' queries wait for it, as under
    // a crowd, while the event loop stays idle (which the loop's delay cannot see).
    const hold = await holdDatabase(fixture);
    const waiting = Array.from({ length: 3 }, () => app.inject({ method: 'GET', url }));
    await until(() => inFlightOf(app) === 3, 2000);
    // The health check is let in (it reads the database, so it waits like the others).
    const health = app.inject({ method: 'GET', url: '/healthz' });
    const [page, api] = await Promise.all([
      app.inject({ method: 'GET', url }),
      app.inject({ method: 'GET', url: '/api/v1/agencies' }),
    ]);
    assert.equal(page.statusCode, 429, 'a fourth request is refused at once');
    assert.ok(page.headers['retry-after'], 'with Retry-After');
    assert.ok(page.body.includes(OVERLOAD_MESSAGE), 'and the Chinese page');
    assert.equal(api.statusCode, 429);
    const form = await app.inject({
      method: 'POST',
      url: `/agencies/${fixture.chengliu.id}/apply`,
      payload: {},
    });
    assert.equal(form.statusCode, 429);
    assert.ok(form.body.includes(OVERLOAD_FORM_MESSAGE), 'a form sent is said not to be saved');
    assert.equal(inFlightOf(app), 4, 'the refused were never counted; the health check was');
    await hold.release();
    assert.equal((await health).statusCode, 200, 'the health check is never shed');
    for (const answer of await Promise.all(waiting))
      assert.equal(answer.statusCode, 200, 'the waiting are served');
    await until(() => inFlightOf(app) === 0, 2000);
    assert.equal((await app.inject({ method: 'GET', url })).statusCode, 200, 'served again');
    assert.equal(inFlightOf(app), 0, 'every answer counted out, refused ones never in');
  });
});

describe('requests in flight over real connections', () => {
  let fixture: WebFixture;
  let port: number;
  before(async () => {
    fixture = await createWebFixture('sqlite', {
      config: { overloadMaxDelayMs: 0, overloadMaxPerTurn: 0, overloadMaxInFlight: 3 },
    });
    await fixture.app.listen({ port: 0, host: '127.0.0.1' });
    const address = fixture.app.server.address();
    assert.ok(address !== null && typeof address === 'object');
    port = address.port;
  });
  after(() => fixture?.close());

  it('counts out pipelined requests whose client went away, so no slot is lost for good', async () => {
    const path = `/agencies/${fixture.chengliu.id}/search?q=${encodeURIComponent('公开')}`;
    const hold = await holdDatabase(fixture);
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const request = `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
    socket.write(request + request);
    await until(() => inFlightOf(fixture.app) >= 1, 2000);
    socket.destroy();
    await until(() => inFlightOf(fixture.app) === 0, 2000);
    await hold.release();
    await sleep(50);
    assert.equal(inFlightOf(fixture.app), 0, 'nothing counted twice or left behind');
  });

  it('does not count a client trickling its body: it holds no slot', async () => {
    const sockets = Array.from({ length: 4 }, () => connect(port, '127.0.0.1'));
    for (const socket of sockets) {
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.write(
        `POST /apply/lookup HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
          'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nab',
      );
    }
    await sleep(100);
    assert.equal(inFlightOf(fixture.app), 0, 'a body still arriving is not work in flight');
    const answer = await fetch(`http://127.0.0.1:${port}/agencies/${fixture.chengliu.id}/search?q=x`);
    assert.equal(answer.status, 200, 'others are served meanwhile');
    for (const socket of sockets) socket.destroy();
  });
});

describe('load shedding settings', () => {
  it('are on by default, and 0 switches them off', () => {
    assert.equal(loadConfig({}).overloadMaxDelayMs, 300);
    assert.equal(loadConfig({}).overloadSampleMs, 500);
    assert.equal(loadConfig({}).overloadMaxPerTurn, 200);
    assert.equal(loadConfig({}).overloadMaxInFlight, 128);
    assert.equal(loadConfig({ GONGKAI_OVERLOAD_MAX_DELAY_MS: '0' }).overloadMaxDelayMs, 0);
    assert.throws(() => loadConfig({ GONGKAI_OVERLOAD_SAMPLE_MS: '5' }), /GONGKAI_OVERLOAD_SAMPLE_MS/);
    assert.equal(retryAfterSeconds({ overloadSampleMs: 500 }), 1);
    assert.equal(retryAfterSeconds({ overloadSampleMs: 2000 }), 4);
  });
});
