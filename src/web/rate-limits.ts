// Rate limits, per client address, for the routes that invite guessing or flooding (login now;
// the public forms add theirs here). A route opts in with `config: { rateLimit: … }`; going over
// answers 429 with Retry-After and a Chinese page (see app.ts).

/** Password and TOTP code guessing. */
export const LOGIN_RATE_LIMIT = { max: 10, timeWindow: '1 minute' } as const;
