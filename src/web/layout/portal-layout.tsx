// The public portal: the red band of a 政府信息公开 site, with the 大字版 (large text, 适老化)
// switch on every page.
import { AsyncLocalStorage } from 'node:async_hooks';
import type Html from '@kitajs/html';
import { Document } from './document.tsx';

export const PORTAL_NAME = '政府信息公开';

/**
 * What a portal page depends on besides its data: the visitor's text size (a cookie) and the
 * page's own path (where the switch returns to). Set per request by the portal's preferences hook
 * (src/web/portal/preferences-routes.ts); the page cache keys on it. Outside a request: standard.
 */
export interface PortalView {
  largeText: boolean;
  /** A local path (validated): the switch sends the visitor back here. */
  path: string;
}

const STANDARD_VIEW: PortalView = { largeText: false, path: '/' };
const portalViews = new AsyncLocalStorage<PortalView>();

export function portalView(): PortalView {
  return portalViews.getStore() ?? STANDARD_VIEW;
}

/**
 * From now on in this request the switch returns to the portal's home: an error page is the same
 * whatever the address that failed (a 404 must not tell one missing thing from another).
 */
export function returnHomeFromThisPage(): void {
  const view = portalViews.getStore();
  if (view !== undefined) view.path = '/';
}

/** Runs `fn` (and everything it awaits) with `view` as the portal view. */
export function withPortalView<T>(view: PortalView, fn: () => T): T {
  return portalViews.run(view, fn);
}

export const TEXT_SIZE_HREF = '/preferences/text-size';

/** The switch to the other text size, coming back to `path`. */
export function textSizeHref(view: PortalView): string {
  const query = new URLSearchParams({ size: view.largeText ? 'standard' : 'large', return: view.path });
  return `${TEXT_SIZE_HREF}?${query.toString()}`;
}

export interface PortalLayoutProps {
  /** The page's own title; the document title adds the portal name. */
  title: string;
  /** Shown under the portal name on an agency's pages. */
  agency?: { id: string; name: string };
}

export function PortalLayout(props: Html.PropsWithChildren<PortalLayoutProps>): JSX.Element {
  const documentTitle = props.agency
    ? `${props.title} - ${props.agency.name}${PORTAL_NAME}`
    : `${props.title} - ${PORTAL_NAME}`;
  const view = portalView();
  return (
    <Document title={documentTitle} area="portal" largeText={view.largeText}>
      <header class="site-header">
        <div class="wrap">
          <p class="site-title">
            {props.agency ? (
              <a href={`/agencies/${encodeURIComponent(props.agency.id)}`}>
                <span safe>{props.agency.name}</span>
                <small>{PORTAL_NAME}</small>
              </a>
            ) : (
              <a href="/">{PORTAL_NAME}</a>
            )}
          </p>
          <nav class="site-nav" aria-label="网站导航">
            <ul>
              <li>
                <a href="/">首页</a>
              </li>
              <li>
                <a class="text-size-switch" href={textSizeHref(view)} rel="nofollow">
                  {view.largeText ? '标准版' : '大字版'}
                </a>
              </li>
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" tabindex="-1">
        <div class="wrap">{props.children}</div>
      </main>
      <footer class="site-footer">
        <div class="wrap">
          <p>依据《中华人民共和国政府信息公开条例》公开政府信息。</p>
          <p>
            <a href="/office/login">工作人员登录</a>
          </p>
        </div>
      </footer>
    </Document>
  );
}
