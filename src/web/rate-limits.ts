// Rate limits, per client address, for the routes that invite guessing or flooding (login now;
// the public forms add theirs here). A route opts in with `config: { rateLimit: … }`; going over
// answers 429 with Retry-After and a Chinese page (see app.ts).

/** Password and TOTP code guessing. */
export const LOGIN_RATE_LIMIT = { max: 10, timeWindow: '1 minute' } as const;
/**
 * 办事评价 with a 评价码: 10 tries per address per 10 minutes. A citizen mistyping a code gets
 * through; guessing the 29^10 codes does not.
 */
export const RATING_RATE_LIMIT = { max: 10, timeWindow: '10 minutes' } as const;
/** 效能投诉 through the portal: a service hall behind one address still gets through. */
export const COMPLAINT_RATE_LIMIT = { max: 10, timeWindow: '1 hour' } as const;
/** Opening a complaint's page by its secret link. */
export const COMPLAINT_STATUS_RATE_LIMIT = { max: 60, timeWindow: '1 minute' } as const;
