// Civil dates are Asia/Shanghai (UTC+8, no daylight saving).

/** The civil date in Asia/Shanghai of an instant. */
export function shanghaiDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** Bounds of the Beijing year as UTC instants (from inclusive, to exclusive), as timestamps are stored. */
export function beijingYearInstants(year: number): { from: string; to: string } {
  return {
    from: new Date(`${year}-01-01T00:00:00+08:00`).toISOString(),
    to: new Date(`${year + 1}-01-01T00:00:00+08:00`).toISOString(),
  };
}
