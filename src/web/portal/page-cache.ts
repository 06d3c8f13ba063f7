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
// Requests for a page that is being rendered wait for that render instead of starting their own:
// when a popular page expires under a crowd, hundreds of requests would otherwise render it at once
// (in the load bench's spike a page's renders queued so that some requests waited 5 s).
// `peek` gives a stored page without rendering or awaiting anything, for an anonymous visitor's
// request answered before the route's hooks (see app.ts): only a page that is still known fresh —
// within its lifetime, and with a stamp that could be read again synchronously and is unchanged.
import { onAgenciesChanged } from '../../agencies/index.ts';
import { portalView, withPortalView } from '../layout/portal-layout.tsx';

export interface PageFreshness {
  /** The page is reused only while this is unchanged. */
  stamp: string;
  /** How long a page with an unchanged stamp may still be reused (names it shows may change). */
  ttlMs: number;
  /**
   * The stamp as it is now, read without waiting (null: the page is gone), or undefined when it
   * cannot be read so (PostgreSQL, or a write in progress): then only `get` may give the page.
   */
  currentStamp?: () => string | null | undefined;
}

export interface PageCache {
  /** `path`: the page's path, the same for every visitor (the mode is added to the key here). */
  get(path: string, render: () => Promise<string>, freshness?: PageFreshness): Promise<Buffer>;
  /** The stored page of `path` in this mode if it is known fresh now, without rendering. */
  peek(path: string, largeText: boolean): Buffer | undefined;
  clear(): void;
  close(): void;
}

export const PORTAL_PAGE_TTL_MS = 5_000;
const MAX_PAGES = 2_000;

function keyOf(path: string, largeText: boolean): string {
  return `${largeText ? 'large' : 'standard'} ${path}`;
}

/** The page caches of the portal, asked in turn by the hook that answers before the routes. */
export interface FrontPages {
  add(cache: PageCache): void;
  peek(path: string, largeText: boolean): Buffer | undefined;
}

export function createFrontPages(): FrontPages {
  const caches: PageCache[] = [];
  return {
    add: (cache) => void caches.push(cache),
    peek(path, largeText) {
      for (const cache of caches) {
        const page = cache.peek(path, largeText);
        if (page !== undefined) return page;
      }
      return undefined;
    },
  };
}

/** `clock` is real time in milliseconds (tests move it by hand). */
export function createPageCache(
  ttlMs = PORTAL_PAGE_TTL_MS,
  clock: () => number = () => performance.now(),
): PageCache {
  const pages = new Map<
    string,
    {
      page: Buffer;
      expires: number;
      stamp: string | undefined;
      currentStamp: (() => string | null | undefined) | undefined;
    }
  >();
  // Renders in progress, by key and stamp. A render begun before a change (the generation) is
  // neither joined nor stored after it.
  const rendering = new Map<string, Promise<Buffer>>();
  let generation = 0;
  const clearAll = () => {
    generation += 1;
    pages.clear();
    rendering.clear();
  };
  const unsubscribe = onAgenciesChanged(clearAll);
  return {
    get(path, render, freshness) {
      // Real time, not the application clock: this is about freshness, not about the law.
      const now = clock();
      const view = portalView();
      const key = keyOf(path, view.largeText);
      const hit = pages.get(key);
      if (hit && hit.expires > now && hit.stamp === freshness?.stamp) return Promise.resolve(hit.page);
      const flight = `${key}\u0000${freshness === undefined ? '' : `=${freshness.stamp}`}`;
      const joined = rendering.get(flight);
      if (joined !== undefined) return joined;
      const started = generation;
      const pathOnly = view.path.replace(/[?#].*$/, '') || '/';
      const rendered = withPortalView({ largeText: view.largeText, path: pathOnly }, render).then((html) => {
        const page = Buffer.from(html);
        if (generation !== started) return page;
        if (pages.size >= MAX_PAGES) pages.clear();
        pages.set(key, {
          page,
          expires: now + (freshness?.ttlMs ?? ttlMs),
          stamp: freshness?.stamp,
          currentStamp: freshness?.currentStamp,
        });
        return page;
      });
      rendering.set(flight, rendered);
      const settled = () => {
        if (rendering.get(flight) === rendered) rendering.delete(flight);
      };
      rendered.then(settled, settled);
      return rendered;
    },
    peek(path, largeText) {
      const hit = pages.get(keyOf(path, largeText));
      if (hit === undefined || hit.expires <= clock()) return undefined;
      if (hit.stamp === undefined) return hit.page;
      return hit.currentStamp !== undefined && hit.currentStamp() === hit.stamp ? hit.page : undefined;
    },
    clear: clearAll,
    close: unsubscribe,
  };
}
