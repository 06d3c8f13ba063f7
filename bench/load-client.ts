// One kind of the load bench's traffic (portal, search or the application form) as a process of its
// own, driven over IPC by load.bench.ts: `{ connections, seconds }` in, that run's figures out.
// A process per kind, as separate clients would be: no kind's generator waits on another's loop.
// (When the three shared one process, the kind started second sometimes recorded no answer in an
// 8-s spike. The cause turned out to be the server's, not the generator's: node 20 accepts one
// connection per turn of its event loop (libuv PR #3696), so while the loop is busy new connections
// wait in the kernel's accept queue, whichever client opened them; see BENCHMARKS.md.)
import autocannon from 'autocannon';
import { applicationFields, clientAddress, multipart } from './forms.ts';

export const KINDS = ['portal', 'search', 'form'] as const;
export type Kind = (typeof KINDS)[number];

export interface Target {
  base: string;
  portal: string[];
  search: string[];
  form: { path: string; headers: Record<string, string>; page: string };
}

export interface KindFigures {
  kind: Kind;
  connections: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  /** The errors by their code (ECONNRESET, EPIPE…) or message, timeouts included. */
  errorKinds: Record<string, number>;
  /** With `perSecond`: the run's seconds in order (a second without answers has p99 0). */
  seconds?: SecondFigures[];
}

export interface ClientStart {
  target: Target;
  kind: Kind;
}

export interface ClientRun {
  connections: number;
  seconds: number;
  /** Also the p99 and the statuses of each second of the run, by when the answer came. */
  perSecond?: boolean;
}

/** One second of a run: its answers' p99 (2xx and 429 alike) and statuses. */
export interface SecondFigures {
  p99Ms: number;
  statuses: Record<string, number>;
}

/** The autocannon requests of one kind; the form alternates its page and a new application. */
function requestsOf(target: Target, kind: Kind, counter: { n: number }): autocannon.Request[] {
  if (kind === 'portal') return target.portal.map((path) => ({ method: 'GET', path }));
  if (kind === 'search') return target.search.map((path) => ({ method: 'GET', path }));
  const { path, headers } = target.form;
  return [
    { method: 'GET', path: target.form.page },
    {
      method: 'POST',
      path,
      setupRequest: (request) => {
        const i = counter.n++;
        return {
          ...request,
          headers: { ...headers, 'x-forwarded-for': clientAddress(i) },
          body: multipart(applicationFields(i)),
        };
      },
    },
  ];
}

function figures(kind: Kind, connections: number, r: autocannon.Result): KindFigures {
  const statuses: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(r.statusCodeStats ?? {})) statuses[code] = count ?? 0;
  return {
    kind,
    connections,
    requests: r.requests.total,
    requestsPerSecond: r.requests.total / r.duration,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
    statuses,
    errors: r.errors,
    timeouts: r.timeouts,
    errorKinds: {},
  };
}

/** One run of `kind` against the target. */
export async function runKind(
  target: Target,
  kind: Kind,
  run: ClientRun,
  counter: { n: number },
): Promise<KindFigures> {
  let finish!: (result: autocannon.Result) => void;
  let fail!: (error: unknown) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url: target.base,
      connections: run.connections,
      duration: run.seconds,
      // A request that waits this long counts as a timeout: the spike must not produce any.
      timeout: 10,
      requests: requestsOf(target, kind, counter),
    },
    (error, result) => (error ? fail(error) : finish(result)),
  );
  const errorKinds: Record<string, number> = {};
  instance.on('reqError', (error: Error & { code?: string }) => {
    const kind = error.code ?? error.message;
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
  });
  // One run with figures per second, not a run per second: each new run opens its connections
  // again, and that start alone read as a p99 of about 950 ms in every one-second run.
  const latencies: number[][] = [];
  const statuses: Record<string, number>[] = [];
  if (run.perSecond === true) {
    const started = performance.now();
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      const second = Math.floor((performance.now() - started) / 1000);
      latencies[second] ??= [];
      latencies[second].push(responseTime);
      statuses[second] ??= {};
      statuses[second][statusCode] = (statuses[second][statusCode] ?? 0) + 1;
    });
  }
  const result = await done;
  const kindFigures = { ...figures(kind, run.connections, result), errorKinds };
  if (run.perSecond !== true) return kindFigures;
  const seconds: SecondFigures[] = [];
  for (let i = 0; i < run.seconds; i++) {
    const sorted = (latencies[i] ?? []).sort((a, b) => a - b);
    const p99Ms =
      sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)]!;
    seconds.push({ p99Ms: Math.round(p99Ms), statuses: statuses[i] ?? {} });
  }
  return { ...kindFigures, seconds };
}

// As a child process (load.bench.ts forks this file): the first message sets the kind, each further
// one is a run, answered with its figures (or the error's message).
if (process.send !== undefined && process.argv.includes('--load-client')) {
  let start: ClientStart | undefined;
  // Applicants (and their client addresses) numbered across the runs: each application is new.
  const counter = { n: 1 };
  process.on('message', (message: ClientStart | ClientRun) => {
    if ('kind' in message) {
      start = message;
      process.send!({ ready: true });
      return;
    }
    const { target, kind } = start!;
    runKind(target, kind, message, counter).then(
      (result) => process.send!({ result }),
      (error: unknown) => process.send!({ error: String((error as Error)?.stack ?? error) }),
    );
  });
  // The parent's end is this process's end.
  process.on('disconnect', () => process.exit(0));
}
