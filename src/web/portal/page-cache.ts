// The public portal's pages are the same for every anonymous visitor and change rarely; rendering
// them for each request costs most of a request. A page is kept for a few seconds (other processes
// see changes within that time) and forgotten at once when an agency changes in this process.
import { onAgenciesChanged } from '../../agencies/index.ts';

export interface PageCache {
  get(key: string, render: () => Promise<string>): Promise<string>;
  clear(): void;
  close(): void;
}

export const PORTAL_PAGE_TTL_MS = 5_000;
const MAX_PAGES = 2_000;

/** `clock` is real time in milliseconds (tests move it by hand). */
export function createPageCache(
  ttlMs = PORTAL_PAGE_TTL_MS,
  clock: () => number = () => performance.now(),
): PageCache {
  const pages = new Map<string, { html: string; expires: number }>();
  const unsubscribe = onAgenciesChanged(() => pages.clear());
  return {
    async get(key, render) {
      // Real time, not the application clock: this is about freshness, not about the law.
      const now = clock();
      const hit = pages.get(key);
      if (hit && hit.expires > now) return hit.html;
      const html = await render();
      if (pages.size >= MAX_PAGES) pages.clear();
      pages.set(key, { html, expires: now + ttlMs });
      return html;
    },
    clear: () => pages.clear(),
    close: unsubscribe,
  };
}
