import type { PasswordPolicy } from '../../agencies/index.ts';
import { CsrfField, ErrorSummary, Notice, TextField } from '../layout/forms.tsx';
import { OfficeLayout } from '../layout/office-layout.tsx';
import type { Chrome } from './chrome.ts';

export function LoginPage(props: {
  chrome: Chrome;
  username?: string;
  next?: string | null;
  errors?: readonly string[];
  notice?: string;
}): JSX.Element {
  return (
    <OfficeLayout {...props.chrome} title="登录" user={undefined} nav={false}>
      <section class="panel" aria-labelledby="login-title">
        <h1 id="login-title">工作人员登录</h1>
        <Notice message={props.notice} />
        <ErrorSummary messages={props.errors ?? []} />
        <form method="post" action="/office/login" class="stacked">
          <CsrfField token={props.chrome.csrfToken} />
          {props.next ? <input type="hidden" name="next" value={props.next} /> : ''}
          <TextField
            name="username"
            label="用户名"
            value={props.username}
            autocomplete="username"
            required
            maxlength={64}
          />
          <TextField
            name="password"
            label="密码"
            type="password"
            autocomplete="current-password"
            required
            maxlength={128}
          />
          <button type="submit">登录</button>
        </form>
        <p class="muted">连续多次输错密码，账户将被暂时锁定。忘记密码请联系本机构的系统管理员重置。</p>
      </section>
    </OfficeLayout>
  );
}

export function TotpPage(props: { chrome: Chrome; errors?: readonly string[] }): JSX.Element {
  return (
    <OfficeLayout {...props.chrome} title="动态验证码">
      <section class="panel" aria-labelledby="totp-title">
        <h1 id="totp-title">输入动态验证码</h1>
        <ErrorSummary messages={props.errors ?? []} />
        <form method="post" action="/office/login/totp" class="stacked">
          <CsrfField token={props.chrome.csrfToken} />
          <TextField
            name="code"
            label="动态验证码"
            hint="打开手机上的验证器应用，输入本账户当前显示的 6 位数字。"
            autocomplete="one-time-code"
            inputmode="numeric"
            pattern="[0-9 ]*"
            required
            maxlength={8}
          />
          <button type="submit">验证</button>
        </form>
      </section>
    </OfficeLayout>
  );
}

/** The password rules in words, for the hint under the new-password field. */
export function passwordHint(policy: Readonly<PasswordPolicy>): string {
  const parts = [`${policy.minLength} 至 ${policy.maxLength} 位`];
  if (policy.minClasses > 1)
    parts.push(`包含大写字母、小写字母、数字、特殊字符中的至少 ${policy.minClasses} 类`);
  if (policy.forbidUsername) parts.push('不能包含用户名');
  if (policy.forbidCommon) parts.push('不能是常见密码');
  return `${parts.join('，')}。`;
}

export function PasswordFields(props: { initial: boolean; hint: string }): JSX.Element {
  return (
    <>
      <TextField
        name="current"
        label={props.initial ? '初始密码或管理员重置的密码' : '当前密码'}
        type="password"
        autocomplete="current-password"
        required
        maxlength={128}
      />
      <TextField
        name="next"
        label="新密码"
        hint={props.hint}
        type="password"
        autocomplete="new-password"
        required
        maxlength={128}
      />
      <TextField
        name="confirm"
        label="再次输入新密码"
        type="password"
        autocomplete="new-password"
        required
        maxlength={128}
      />
    </>
  );
}

export function ForcedPasswordPage(props: {
  chrome: Chrome;
  passwordHint: string;
  errors?: readonly string[];
}): JSX.Element {
  return (
    <OfficeLayout {...props.chrome} title="修改初始密码">
      <section class="panel" aria-labelledby="password-title">
        <h1 id="password-title">修改初始密码</h1>
        <p>这是您首次登录或密码刚被管理员重置，请先设置只有您自己知道的新密码。</p>
        <ErrorSummary messages={props.errors ?? []} />
        <form method="post" action="/office/login/password" class="stacked">
          <CsrfField token={props.chrome.csrfToken} />
          <PasswordFields initial hint={props.passwordHint} />
          <button type="submit">修改密码</button>
        </form>
      </section>
    </OfficeLayout>
  );
}

export interface EnrolPageProps {
  chrome: Chrome;
  /** The agency requires TOTP and the user has not enrolled yet. */
  required: boolean;
  /** Already enrolled. */
  enabled: boolean;
  /** After “start”: the secret and otpauth URL, shown once as text. */
  enrolment?: { secret: string; otpauthUrl: string };
  /** A confirmation was tried and failed; the secret is already in the app. */
  confirming?: boolean;
  errors?: readonly string[];
}

export function EnrolPage(props: EnrolPageProps): JSX.Element {
  return (
    <OfficeLayout {...props.chrome} title="绑定动态验证码">
      <section class="panel" aria-labelledby="enrol-title">
        <h1 id="enrol-title">绑定动态验证码</h1>
        {props.required ? <p>本机构要求工作人员使用动态验证码登录。请先完成绑定，再开始工作。</p> : ''}
        <ErrorSummary messages={props.errors ?? []} />
        {props.enabled ? (
          <p>本账户已绑定动态验证码。如手机丢失或需更换，请联系本机构的系统管理员重置。</p>
        ) : props.enrolment || props.confirming ? (
          <>
            {props.enrolment ? (
              <>
                <p>
                  在手机上打开验证器应用（如“腾讯身份验证器”“Microsoft
                  Authenticator”），选择“手动输入密钥”，输入下面的密钥； 或将下面的 otpauth
                  地址复制到支持该格式的应用中。密钥只显示这一次，请勿截图外传。
                </p>
                <h2>密钥</h2>
                <code class="secret" safe>
                  {props.enrolment.secret}
                </code>
                <h2>otpauth 地址</h2>
                <code class="secret" safe>
                  {props.enrolment.otpauthUrl}
                </code>
              </>
            ) : (
              <p>请输入验证器应用中为本账户显示的最新验证码；如未能添加密钥，请重新开始绑定。</p>
            )}
            <h2>确认绑定</h2>
            <form method="post" action="/office/account/totp/confirm" class="stacked">
              <CsrfField token={props.chrome.csrfToken} />
              <TextField
                name="code"
                label="验证器显示的 6 位数字"
                autocomplete="one-time-code"
                inputmode="numeric"
                pattern="[0-9 ]*"
                required
                maxlength={8}
              />
              <button type="submit">确认绑定</button>
            </form>
            <form method="post" action="/office/account/totp/start" class="stacked">
              <CsrfField token={props.chrome.csrfToken} />
              <button type="submit" class="secondary">
                重新开始绑定（生成新密钥）
              </button>
            </form>
          </>
        ) : (
          <>
            <p>绑定后，每次登录除密码外还需输入手机验证器应用显示的 6 位动态验证码。</p>
            <form method="post" action="/office/account/totp/start" class="stacked">
              <CsrfField token={props.chrome.csrfToken} />
              <button type="submit">开始绑定</button>
            </form>
          </>
        )}
      </section>
    </OfficeLayout>
  );
}
