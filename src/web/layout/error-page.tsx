import { type ErrorView, errorTitle } from '../errors.ts';
import { OfficeLayout } from './office-layout.tsx';
import { PortalLayout } from './portal-layout.tsx';

export interface ErrorPageProps {
  view: ErrorView;
  requestId: string;
  area: 'portal' | 'office';
}

export function ErrorPage(props: ErrorPageProps): JSX.Element {
  const title = errorTitle(props.view.status);
  const home = props.area === 'office' ? '/office' : '/';
  const body = (
    <section class="panel" aria-labelledby="error-title">
      <h1 id="error-title" safe>
        {title}
      </h1>
      <p safe>{props.view.message}</p>
      {props.view.problems ? (
        <ul>
          {props.view.problems.map((problem) => (
            <li safe>{problem}</li>
          ))}
        </ul>
      ) : (
        ''
      )}
      {props.view.retryAfter === undefined ? '' : <p safe>{`请在 ${props.view.retryAfter} 秒后再试。`}</p>}
      {props.view.status >= 500 ? (
        <p class="muted">
          请求编号：<code safe>{props.requestId}</code>
        </p>
      ) : (
        ''
      )}
      <p>
        <a href={home}>返回首页</a>
      </p>
    </section>
  );
  return props.area === 'office' ? (
    <OfficeLayout title={title}>{body}</OfficeLayout>
  ) : (
    <PortalLayout title={title}>{body}</PortalLayout>
  );
}
