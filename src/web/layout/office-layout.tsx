// The back office: a plain working layout with the signed-in user and a logout button.
import type Html from '@kitajs/html';
import { Document } from './document.tsx';
import { CsrfField } from './forms.tsx';

export const OFFICE_NAME = '政府信息公开工作平台';

export interface OfficeUser {
  displayName: string;
  agencyName: string | null;
}

export interface OfficeLayoutProps {
  title: string;
  /** The signed-in user and a CSRF token for the logout form; absent on the login pages. */
  user?: OfficeUser;
  csrfToken?: string;
  /** Full navigation only when signing in is complete. */
  nav?: boolean;
}

export function OfficeLayout(props: Html.PropsWithChildren<OfficeLayoutProps>): JSX.Element {
  return (
    <Document title={`${props.title} - ${OFFICE_NAME}`} area="office">
      <header class="site-header">
        <div class="wrap">
          <p class="site-title">
            <a href="/office">{OFFICE_NAME}</a>
          </p>
          {props.user ? (
            <p class="whoami">
              <span safe>{props.user.displayName}</span>
              {props.user.agencyName === null ? '' : <span safe>{`（${props.user.agencyName}）`}</span>}
            </p>
          ) : (
            ''
          )}
          <nav class="site-nav" aria-label="后台导航">
            <ul>
              {props.nav ? (
                <>
                  <li>
                    <a href="/office">工作台</a>
                  </li>
                  <li>
                    <a href="/office/applications">依申请公开</a>
                  </li>
                  <li>
                    <a href="/office/agencies">机构与用户</a>
                  </li>
                  <li>
                    <a href="/office/calendar">节假日安排</a>
                  </li>
                  <li>
                    <a href="/office/account">我的账户</a>
                  </li>
                </>
              ) : (
                ''
              )}
              {props.user && props.csrfToken !== undefined ? (
                <li>
                  <form method="post" action="/office/logout" class="inline-form">
                    <CsrfField token={props.csrfToken} />
                    <button type="submit" class="link-button">
                      退出登录
                    </button>
                  </form>
                </li>
              ) : (
                <li>
                  <a href="/">公开网站</a>
                </li>
              )}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" tabindex="-1">
        <div class="wrap">{props.children}</div>
      </main>
      <footer class="site-footer">
        <div class="wrap">
          <p>本平台仅供政府信息公开工作人员使用，所有操作均记入审计日志。</p>
        </div>
      </footer>
    </Document>
  );
}
