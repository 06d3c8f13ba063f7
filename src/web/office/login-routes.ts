// Signing in and out: password, then the TOTP code when the account has one, then a forced
// password change when the password is initial or was reset, then TOTP enrolment when the agency
// requires it. Each step, once done, sends the browser to /office, whose access rule sends it on
// to the next pending step (see app.ts) or shows the dashboard.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  changePassword,
  confirmTotp,
  DEFAULT_PASSWORD_POLICY,
  enrolTotp,
  isReady,
  login,
  logout,
  verifySecondFactor,
} from '../../agencies/index.ts';
import { requireSession } from '../access.ts';
import type { App, Web } from '../context.ts';
import type { ErrorView } from '../errors.ts';
import { LOGIN_RATE_LIMIT } from '../rate-limits.ts';
import { safeNext, seeOther, sendPage } from '../render.ts';
import { chrome, errorLines, expected } from './chrome.ts';
import { EnrolPage, ForcedPasswordPage, LoginPage, passwordHint, TotpPage } from './login-pages.tsx';

const LoginQuery = Type.Object({
  next: Type.Optional(Type.String({ maxLength: 500, title: '返回地址' })),
  done: Type.Optional(Type.String({ maxLength: 20 })),
});

const LoginBody = Type.Object({
  username: Type.String({ maxLength: 200, title: '用户名' }),
  password: Type.String({ maxLength: 1024, title: '密码' }),
  next: Type.Optional(Type.String({ maxLength: 500, title: '返回地址' })),
});

const CodeBody = Type.Object({ code: Type.String({ maxLength: 20, title: '动态验证码' }) });

export const PasswordBody = Type.Object({
  current: Type.String({ maxLength: 1024, title: '当前密码' }),
  next: Type.String({ maxLength: 1024, title: '新密码' }),
  confirm: Type.String({ maxLength: 1024, title: '再次输入新密码' }),
});

/** A lock during a later step ends the half-open session; the user starts again at the login form. */
export async function lockedOut(web: Web, request: FastifyRequest, reply: FastifyReply, view: ErrorView) {
  if (request.sessionToken !== null) await logout(web.ctx, request.sessionToken);
  web.sessions.end(reply);
  request.principal = null;
  return sendPage(
    reply,
    LoginPage({ chrome: await chrome(web, request, reply), errors: errorLines(view) }),
    view.status,
  );
}

/** The checks of a new password that belong to the form, not to the password policy. */
export function passwordFormProblems(body: { current: string; next: string; confirm: string }): string[] {
  if (body.current === '' || body.next === '') return ['请填写当前密码和新密码。'];
  if (body.next !== body.confirm) return ['两次输入的新密码不一致。'];
  return [];
}

/** Errors of changePassword shown in the form; a wrong current password is named as such. */
export function passwordErrorView(error: unknown): ErrorView {
  const view = expected(error, ['auth.invalid_credentials', 'auth.password_policy', 'auth.locked']);
  return view.code === 'auth.invalid_credentials' ? { ...view, message: '当前密码不正确。' } : view;
}

export function registerLoginRoutes(app: App, web: Web): void {
  const hint = passwordHint(web.ctx.passwordPolicy ?? DEFAULT_PASSWORD_POLICY);

  app.get(
    '/office/login',
    { config: { access: 'public' }, schema: { querystring: LoginQuery } },
    async (request, reply) => {
      const next = safeNext(request.query.next);
      if (request.principal !== null) {
        return seeOther(reply, isReady(request.principal) ? (next ?? '/office') : '/office');
      }
      const notice = request.query.done === 'logout' ? '您已安全退出。' : undefined;
      return sendPage(reply, LoginPage({ chrome: await chrome(web, request, reply), next, notice }));
    },
  );

  app.post(
    '/office/login',
    { config: { access: 'public', rateLimit: LOGIN_RATE_LIMIT }, schema: { body: LoginBody } },
    async (request, reply) => {
      const { username, password } = request.body;
      const next = safeNext(request.body.next);
      const page = async (errors: string[], status: number) =>
        sendPage(
          reply,
          LoginPage({ chrome: await chrome(web, request, reply), username, next, errors }),
          status,
        );
      if (username.trim() === '' || password === '') return page(['请输入用户名和密码。'], 400);
      let result: Awaited<ReturnType<typeof login>>;
      try {
        result = await login(web.ctx, { username, password, clientIp: request.ip });
      } catch (error) {
        const view = expected(error, ['auth.invalid_credentials', 'auth.locked']);
        return page(errorLines(view), view.status);
      }
      // A browser signs in afresh: whatever session it had before ends now.
      if (request.sessionToken !== null) await logout(web.ctx, request.sessionToken);
      web.sessions.start(reply, result.token);
      const pending = result.needsSecondFactor || result.mustChangePassword || result.needsTotpEnrolment;
      return seeOther(reply, pending ? '/office' : (next ?? '/office'));
    },
  );

  app.get('/office/login/totp', { config: { access: 'session' } }, async (request, reply) => {
    const principal = requireSession(request);
    if (principal.secondFactorOk) return seeOther(reply, '/office');
    return sendPage(reply, TotpPage({ chrome: await chrome(web, request, reply) }));
  });

  app.post(
    '/office/login/totp',
    { config: { access: 'session', rateLimit: LOGIN_RATE_LIMIT }, schema: { body: CodeBody } },
    async (request, reply) => {
      requireSession(request);
      try {
        await verifySecondFactor(web.ctx, request.sessionToken!, request.body.code);
      } catch (error) {
        const view = expected(error, ['auth.second_factor_invalid', 'auth.locked']);
        if (view.code === 'auth.locked') return lockedOut(web, request, reply, view);
        return sendPage(
          reply,
          TotpPage({ chrome: await chrome(web, request, reply), errors: errorLines(view) }),
          view.status,
        );
      }
      return seeOther(reply, '/office');
    },
  );

  app.get('/office/login/password', { config: { access: 'session' } }, async (request, reply) => {
    const principal = requireSession(request);
    if (!principal.secondFactorOk) return seeOther(reply, '/office/login/totp');
    if (!principal.user.mustChangePassword) return seeOther(reply, '/office');
    return sendPage(
      reply,
      ForcedPasswordPage({ chrome: await chrome(web, request, reply), passwordHint: hint }),
    );
  });

  app.post(
    '/office/login/password',
    { config: { access: 'session' }, schema: { body: PasswordBody } },
    async (request, reply) => {
      const principal = requireSession(request);
      const page = async (errors: string[], status: number) =>
        sendPage(
          reply,
          ForcedPasswordPage({ chrome: await chrome(web, request, reply), passwordHint: hint, errors }),
          status,
        );
      const problems = passwordFormProblems(request.body);
      if (problems.length > 0) return page(problems, 400);
      try {
        await changePassword(web.ctx, principal, { current: request.body.current, next: request.body.next });
      } catch (error) {
        const view = passwordErrorView(error);
        if (view.code === 'auth.locked') return lockedOut(web, request, reply, view);
        return page(errorLines(view), view.status);
      }
      return seeOther(reply, '/office');
    },
  );

  app.post('/office/logout', { config: { access: 'session' } }, async (request, reply) => {
    if (request.sessionToken !== null) await logout(web.ctx, request.sessionToken);
    web.sessions.end(reply);
    return seeOther(reply, '/office/login?done=logout');
  });

  // Binding an authenticator app: required by some agencies right after login, optional otherwise.
  app.get('/office/account/totp', { config: { access: 'session' } }, async (request, reply) => {
    const principal = requireSession(request);
    if (!principal.secondFactorOk) return seeOther(reply, '/office/login/totp');
    return sendPage(
      reply,
      EnrolPage({
        chrome: await chrome(web, request, reply),
        required: principal.needsTotpEnrolment,
        enabled: principal.user.totpEnabled,
      }),
    );
  });

  app.post('/office/account/totp/start', { config: { access: 'session' } }, async (request, reply) => {
    const principal = requireSession(request);
    const base = {
      chrome: await chrome(web, request, reply),
      required: principal.needsTotpEnrolment,
      enabled: principal.user.totpEnabled,
    };
    try {
      const enrolment = await enrolTotp(web.ctx, principal);
      return sendPage(reply, EnrolPage({ ...base, enrolment }));
    } catch (error) {
      const view = expected(error, ['conflict.state']);
      return sendPage(reply, EnrolPage({ ...base, errors: errorLines(view) }), view.status);
    }
  });

  app.post(
    '/office/account/totp/confirm',
    { config: { access: 'session', rateLimit: LOGIN_RATE_LIMIT }, schema: { body: CodeBody } },
    async (request, reply) => {
      const principal = requireSession(request);
      try {
        await confirmTotp(web.ctx, principal, request.body.code);
      } catch (error) {
        const view = expected(error, ['auth.second_factor_invalid', 'conflict.state']);
        return sendPage(
          reply,
          EnrolPage({
            chrome: await chrome(web, request, reply),
            required: principal.needsTotpEnrolment,
            enabled: false,
            confirming: view.code === 'auth.second_factor_invalid',
            errors: errorLines(view),
          }),
          view.status,
        );
      }
      return seeOther(reply, '/office/account?done=totp');
    },
  );
}
