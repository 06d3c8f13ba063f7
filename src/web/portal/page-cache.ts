// The public portal's pages are the same for every anonymous visitor and change rarely; rendering
// them for each request costs most of a request. A page is kept for a few seconds (other processes
// see changes within that time) and forgotten at once when an agency changes in this process.
// A page exists in two versions, standard and 大字版 (the visitor's text size): the key includes
// the mode, and the page is rendered for the key's path only (no query string), so that one
// visitor's mode or query never reaches another visitor's page.
// A page whose freshness can be checked cheaply (an item page: its event count, withdrawal and next
// scheduled version in one indexed query) passes that `stamp`: a stored page is used only while its
// stamp is the same, so a withdrawal or a new version shows at once, in every process.
// A page is kept as its UTF-8 bytes: encoding the text again at every request cost more than a
// third of the time of sending it (bench/portal-item.bench.ts).
import { onAgenciesChanged } from '../../agencies/index.ts';
import { portalView, withPortalView } from '../layout/portal-layout.tsx';

export interface PageFreshness {
  /** The page is reused only while this is unchanged. */
  stamp: string;
  /** How long a page with an unchanged stamp may still be reused (names it shows may change). */
  ttlMs: number;
}

export interface PageCache {
  /** `path`: the page's path, the same for every visitor (the mode is added to the key here). */
  get(path: string, render: () => Promise<string>, freshness?: PageFreshness): Promise<Buffer>;
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
  const pages = new Map<string, { page: Buffer; expires: number; stamp: string | undefined }>();
  const unsubscribe = onAgenciesChanged(() => pages.clear());
  return {
    async get(path, render, freshness) {
      // Real time, not the application clock: this is about freshness, not about the law.
      const now = clock();
      const view = portalView();
      const key = `${view.largeText ? 'large' : 'standard'} ${path}`;
      const hit = pages.get(key);
      if (hit && hit.expires > now && hit.stamp === freshness?.stamp) return hit.page;
      const pathOnly = view.path.replace(/[?#].*$/, '') || '/';
      const page = Buffer.from(await withPortalView({ largeText: view.largeText, path: pathOnly }, render));
      if (pages.size >= MAX_PAGES) pages.clear();
      pages.set(key, { page, expires: now + (freshness?.ttlMs ?? ttlMs), stamp: freshness?.stamp });
      return page;
    },
    clear: () => pages.clear(),
    close: unsubscribe,
  };
}
