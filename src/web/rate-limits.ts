// Rate limits, per client address, for the routes that invite guessing or flooding (login now;
// the public forms add theirs here). A route opts in with `config: { rateLimit: … }`; going over
// answers 429 with Retry-After and a Chinese page (see app.ts).
//
// Every counter here lives in the memory of one process (like @fastify/rate-limit's default
// store): behind a load balancer each process counts on its own (ROADMAP, known gaps).

/** Password and TOTP code guessing. */
export const LOGIN_RATE_LIMIT = { max: 10, timeWindow: '1 minute' } as const;
/**
 * 办事评价 with a 评价码. What is limited is guessing: 10 wrong codes per address per 10 minutes
 * (a citizen mistyping a code gets through; guessing the 29^10 codes does not). Honest ratings
 * only meet a flood guard of 120 per address per 10 minutes, so a service hall whose citizens
 * share the hall's Wi-Fi address is not refused after ten of them.
 */
export const RATING_GUESS_LIMIT = {
  maxWrong: 10,
  maxAttempts: 120,
  windowMs: 10 * 60_000,
  /** Addresses remembered at most; the least recently seen are forgotten first. */
  maxAddresses: 10_000,
} as const;
/**
 * 效能投诉 through the portal, through the same limiter: what counts is a complaint filed, 10 per
 * address per hour (flooding a town's queue); a form refused for a mistake only meets the flood
 * guard, so a citizen correcting a telephone number is not shut out, nor the hall's shared address.
 */
export const COMPLAINT_FILING_LIMIT = {
  maxWrong: 10,
  maxAttempts: 120,
  windowMs: 60 * 60_000,
  maxAddresses: 10_000,
} as const;
/** Opening a complaint's page by its secret link. */
export const COMPLAINT_STATUS_RATE_LIMIT = { max: 60, timeWindow: '1 minute' } as const;

export interface GuessLimitOptions {
  /** Wrong secrets per address within windowMs before the address is refused. */
  maxWrong: number;
  /** Attempts of any outcome per address within a fixed window of windowMs (a flood guard). */
  maxAttempts: number;
  windowMs: number;
  maxAddresses: number;
  /** Milliseconds; the app passes its clock so that tests move it instead of sleeping. */
  now: () => number;
}

/** An attempt let through: settle it once its outcome is known. */
export interface GuessAttempt {
  settle(wrong: boolean): void;
}

export type GuessAdmission = { ok: true; attempt: GuessAttempt } | { ok: false; retryAfterSeconds: number };

export interface GuessLimiter {
  /** Whether the address may try now; an admitted attempt is counted as wrong until settled. */
  admit(address: string): GuessAdmission;
  /** Addresses currently remembered (for the memory bound's test). */
  size(): number;
}

interface AddressState {
  /** When each recent wrong attempt happened (at most maxWrong, oldest first): a sliding window. */
  wrong: number[];
  /** Attempts admitted and not settled yet: counted as wrong, so a burst sent in parallel is bounded too. */
  pending: number;
  attemptsSince: number;
  attempts: number;
  lastSeen: number;
}

/**
 * Limits the guessing of a secret per address: wrong attempts in a sliding window (every attempt
 * is counted as wrong until it is settled), and all attempts in a fixed window. Memory is bounded:
 * the map is kept in order of last use, addresses idle for a whole window are dropped from its
 * front, and beyond maxAddresses the least recently seen go first.
 */
export function createGuessLimiter(options: GuessLimitOptions): GuessLimiter {
  const states = new Map<string, AddressState>();
  const { maxWrong, maxAttempts, windowMs, maxAddresses, now } = options;

  function sweep(at: number): void {
    for (const [address, state] of states) {
      if (state.pending > 0 || at - state.lastSeen < windowMs) break;
      states.delete(address);
    }
  }

  return {
    admit(address) {
      const at = now();
      sweep(at);
      let state = states.get(address);
      if (state === undefined) {
        state = { wrong: [], pending: 0, attemptsSince: at, attempts: 0, lastSeen: at };
      } else {
        states.delete(address);
      }
      // Re-inserted last: the map's order is the order of last use.
      states.set(address, state);
      state.lastSeen = at;
      while (state.wrong.length > 0 && at - state.wrong[0]! >= windowMs) state.wrong.shift();
      if (at - state.attemptsSince >= windowMs) {
        state.attemptsSince = at;
        state.attempts = 0;
      }
      if (state.wrong.length >= maxWrong) {
        return { ok: false, retryAfterSeconds: seconds(state.wrong[0]! + windowMs - at) };
      }
      // Attempts still running count as wrong: they settle within milliseconds.
      if (state.wrong.length + state.pending >= maxWrong) return { ok: false, retryAfterSeconds: 1 };
      if (state.attempts >= maxAttempts) {
        return { ok: false, retryAfterSeconds: seconds(state.attemptsSince + windowMs - at) };
      }
      state.attempts += 1;
      state.pending += 1;
      const admitted = state;
      let settled = false;
      const attempt: GuessAttempt = {
        settle(wrong) {
          if (settled) return;
          settled = true;
          admitted.pending -= 1;
          if (!wrong) return;
          admitted.wrong.push(now());
          if (admitted.wrong.length > maxWrong) admitted.wrong.shift();
        },
      };
      while (states.size > maxAddresses) {
        const oldest = states.keys().next().value as string;
        states.delete(oldest);
      }
      return { ok: true, attempt };
    },
    size: () => states.size,
  };
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
