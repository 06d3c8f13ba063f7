// Civil dates are Asia/Shanghai (UTC+8, no daylight saving).

/** The civil date in Asia/Shanghai of an instant. */
export function shanghaiDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}
