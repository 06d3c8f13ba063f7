// The public portal: the red band of a 政府信息公开 site.
import type Html from '@kitajs/html';
import { Document } from './document.tsx';

export const PORTAL_NAME = '政府信息公开';

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
  return (
    <Document title={documentTitle} area="portal">
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
