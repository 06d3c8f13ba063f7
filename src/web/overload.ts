// Load shedding: when the server falls behind, refuse work early with 429 and Retry-After (a Chinese
// page, or JSON for the API) rather than let every request wait until clients time out (T-P8).
//
// The signal is the event loop's delay: while requests queue up in the process every turn of the
// loop takes longer, and node's own monitor (perf_hooks.monitorEventLoopDelay) samples it every
// 10 ms. We take the MEDIAN of each sample interval: a crowd makes every turn slow, while one slow
// task (a scheduled job, the first render of a page, a garbage collection) is a single long sample
// that hardly moves the median. @fastify/under-pressure does the same with the mean, so one job
// of a second shed every request for the next interval (seen right after start-up, when the
// scheduler's first jobs ran) — hence these few lines instead of the dependency. (The loop's
// utilization is no signal either: a server that keeps up with a steady stream is busy all along.)
// The loop's delay misses one queue: the database's. Queries wait for its one connection (SQLite)
// or its pool (PostgreSQL) as promises, so the loop stays quick while requests wait seconds for
// their turn; hence also a limit of requests being answered at once (the page cache's answers,
// made before this hook, are not counted): beyond it new requests are refused at once.
// The health check, the stylesheet and the office login are never refused, so the load balancer
// keeps its view and the staff can sign in; the staff's other pages are shed like the portal's (a
// form sent then is refused with a message saying it was not saved).
import type { Socket } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { DomainError } from '../kernel/errors.ts';
import type { App } from './context.ts';

export type OverloadConfig = Pick<
  Config,
  'overloadMaxDelayMs' | 'overloadSampleMs' | 'overloadMaxPerTurn' | 'overloadMaxInFlight'
>;

/** What a refused visitor reads: the cause is the crowd, not something they did. */
export const OVERLOAD_MESSAGE = '当前访问人数较多，系统繁忙，请稍后再试。';
/** The same for a form sent: what was filled in is not saved. */
export const OVERLOAD_FORM_MESSAGE =
  '当前访问人数较多，系统繁忙，您提交的内容未能保存。请稍后返回上一页，重新提交。';

/** How often node's monitor samples the loop, in ms; an idle loop shows this as its delay. */
const RESOLUTION_MS = 10;

/** Paths answered even under pressure: cheap, and needed to see and to run the service. */
export function exemptFromShedding(url: string): boolean {
  const path = url.split('?', 1)[0]!;
  return (
    path === '/healthz' ||
    path.startsWith('/static/') ||
    path === '/office/login' ||
    path.startsWith('/office/login/')
  );
}

/** Seconds a refused client should wait: a couple of sample intervals, at least one second. */
export function retryAfterSeconds(config: Pick<OverloadConfig, 'overloadSampleMs'>): number {
  return Math.max(1, Math.ceil((2 * config.overloadSampleMs) / 1000));
}

export interface LoadMonitor {
  /** The median delay of the event loop over the last sample interval, in ms. */
  delayMs(): number;
  /** Whether that delay is over the limit: requests are being refused. */
  overloaded(): boolean;
  close(): void;
}

/** Samples the loop's delay from now on; `close` stops it. */
export function createLoadMonitor(config: OverloadConfig): LoadMonitor {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let delay = 0;
  let last = performance.now();
  let emptyBefore = false;
  const timer = setInterval(() => {
    const now = performance.now();
    const empty = histogram.count === 0;
    // No sample at all: no turn of the loop ended within the interval (under a crowd of hundreds
    // a turn outlasts it, and this timer and the monitor's may fire in either order in one turn).
    // Twice in a row, the delay is the time since the last reading, less the interval; once, it
    // may be one long task begun just after a reading, which is no crowd.
    if (!empty) delay = Math.max(0, histogram.percentile(50) / 1e6 - RESOLUTION_MS);
    else if (emptyBefore) delay = Math.max(0, now - last - config.overloadSampleMs);
    emptyBefore = empty;
    last = now;
    histogram.reset();
  }, config.overloadSampleMs);
  timer.unref();
  return {
    delayMs: () => delay,
    overloaded: () => delay > config.overloadMaxDelayMs,
    close: () => {
      clearInterval(timer);
      histogram.disable();
    },
  };
}

/**
 * Counts the requests begun in the current turn of the event loop. The sampled delay reacts within
 * an interval, but under a crowd of hundreds one turn reads hundreds of requests at once and lasts
 * seconds, and the requests let in between two samples queue behind each other: beyond maxPerTurn
 * in one turn, the rest of the turn is refused at once (cheaply), which bounds the turn. The count
 * restarts in the turn's check phase, after every request the turn read.
 */
export function createTurnCounter(): { begin(): number } {
  let count = 0;
  const restart = () => {
    count = 0;
  };
  return {
    begin() {
      if (count === 0) setImmediate(restart);
      count += 1;
      return count;
    },
  };
}

const monitors = new WeakMap<App, LoadMonitor>();
const inFlightCounts = new WeakMap<App, () => number>();

/** Requests of the app being answered now (for tests and diagnostics); 0 when shedding is off. */
export function inFlightOf(app: App): number {
  return inFlightCounts.get(app)?.() ?? 0;
}

/** The app's monitor while it runs (for tests and diagnostics), undefined when shedding is off. */
export function loadMonitorOf(app: App): LoadMonitor | undefined {
  return monitors.get(app);
}

/**
 * Adds the shedding as an onRequest hook, after the hooks added before it (so that pages answered
 * from the page cache, as cheap as a refusal, are still served). The monitor starts when the app is
 * ready, so that building it (compiling every schema) is not taken for a crowd. Each check is off
 * when its setting is 0.
 */
export function registerOverload(app: App, config: OverloadConfig): void {
  if (config.overloadMaxDelayMs === 0 && config.overloadMaxPerTurn === 0 && config.overloadMaxInFlight === 0)
    return;
  const retryAfter = retryAfterSeconds(config);
  const turn = createTurnCounter();
  const maxPerTurn = config.overloadMaxPerTurn === 0 ? Number.POSITIVE_INFINITY : config.overloadMaxPerTurn;
  const maxInFlight =
    config.overloadMaxInFlight === 0 ? Number.POSITIVE_INFINITY : config.overloadMaxInFlight;
  let inFlight = 0;
  inFlightCounts.set(app, () => inFlight);
  let monitor: LoadMonitor | undefined;
  app.addHook('onReady', (done) => {
    if (config.overloadMaxDelayMs > 0) {
      monitor = createLoadMonitor(config);
      monitors.set(app, monitor);
    }
    done();
  });
  app.addHook('onClose', (_instance, done) => {
    monitor?.close();
    done();
  });
  // In flight: from the handler's start (body read, access checked: a client trickling its body or
  // a refused request holds nothing) until the answer is ready to send (a slow download holds
  // nothing either), or until the connection closes first; counted out once.
  const countedOut = new WeakMap<FastifyRequest, () => void>();
  app.addHook('preHandler', (request, _reply, done) => {
    inFlight += 1;
    const socket = request.raw.socket as Socket | undefined;
    let counted = true;
    const out = () => {
      if (!counted) return;
      counted = false;
      inFlight -= 1;
      socket?.off?.('close', out);
    };
    socket?.once?.('close', out);
    countedOut.set(request, out);
    done();
  });
  app.addHook('onSend', (request, _reply, payload, done) => {
    countedOut.get(request)?.();
    done(null, payload);
  });
  app.addHook('onRequest', (request, _reply, done) => {
    const crowded = turn.begin() > maxPerTurn || inFlight >= maxInFlight || monitor?.overloaded() === true;
    if (!crowded || exemptFromShedding(request.url)) return done();
    // The app's error handler answers 429 with Retry-After and the error page (JSON for the API).
    done(
      new DomainError('input.rate_limited', 'server under pressure', {
        retryAfter,
        // A form sent now is lost: say so, so that its author goes back and sends it again.
        userMessage:
          request.method === 'GET' || request.method === 'HEAD' ? OVERLOAD_MESSAGE : OVERLOAD_FORM_MESSAGE,
      }),
    );
  });
}
