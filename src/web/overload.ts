// Load shedding: when the server falls behind, refuse work early with 429 and Retry-After (a Chinese
// page, or JSON for the API) rather than let every request wait until clients time out (T-P8).
// The signal is the event loop's delay, measured by @fastify/under-pressure: averaged over each
// sample interval, it grows with the requests queued in the process, whatever they cost, while a
// single slow request hardly moves it. (Its utilization is no signal: a server that keeps up with a
// steady stream can be busy all the time.) The health check, the stylesheet and the office login
// are never refused, so the load balancer and the staff keep working during a spike.
import underPressure from '@fastify/under-pressure';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { DomainError } from '../kernel/errors.ts';
import type { App } from './context.ts';

export type OverloadConfig = Pick<Config, 'overloadMaxDelayMs' | 'overloadSampleMs'>;

/** What a refused visitor reads: the cause is the crowd, not something they did. */
export const OVERLOAD_MESSAGE = '当前访问人数较多，系统繁忙，请稍后再试。';

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
export function retryAfterSeconds(config: OverloadConfig): number {
  return Math.max(1, Math.ceil((2 * config.overloadSampleMs) / 1000));
}

/**
 * Registers the shedding as an onRequest hook (after the hooks registered before it, so that pages
 * answered from the page cache, as cheap as a refusal, are still served). Off when
 * overloadMaxDelayMs is 0.
 */
export async function registerOverload(app: App, config: OverloadConfig): Promise<void> {
  if (config.overloadMaxDelayMs === 0) return;
  const retryAfter = retryAfterSeconds(config);
  // The plugin measures from its registration on, so building the app (compiling every schema,
  // a blocked loop) would read as pressure in the first samples: nothing is refused before two
  // whole intervals have passed since the app became ready.
  let measuredFrom = Number.POSITIVE_INFINITY;
  app.addHook('onReady', (done) => {
    measuredFrom = performance.now() + 2 * config.overloadSampleMs;
    done();
  });
  await app.register(underPressure, {
    maxEventLoopDelay: config.overloadMaxDelayMs,
    sampleInterval: config.overloadSampleMs,
    retryAfter,
    // Called only while the last sample was over the limit. A rejection reaches the app's error
    // handler, which answers 429 with Retry-After and the error page; undefined lets it through.
    pressureHandler: async (request: FastifyRequest, _reply, type, value) => {
      if (performance.now() < measuredFrom || exemptFromShedding(request.url)) return;
      // debug: under a spike a line per refused request would add to the load.
      request.log.debug({ type, value }, 'request shed under pressure');
      throw new DomainError('input.rate_limited', 'server under pressure', {
        retryAfter,
        userMessage: OVERLOAD_MESSAGE,
      });
    },
  });
}
