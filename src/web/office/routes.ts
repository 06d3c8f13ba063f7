// The back office: dashboard, agencies and their users, own account (and, in login-routes.ts,
// signing in and out). Agency pages carry the agency in the path so that the access rule can
// refuse an agency the user cannot see before anything else happens.
import { Type } from 'typebox';
import {
  type AgencyKind,
  ALLOWED_CHILDREN,
  changePassword,
  createAgency,
  createUser,
  DEFAULT_PASSWORD_POLICY,
  getAgency,
  getPublicAgency,
  getUser,
  listAgencies,
  listUsers,
  type Role,
  resetPassword,
  setUserDisabled,
  visibleAgencyIds,
} from '../../agencies/index.ts';
import { REMINDER_LABELS, remindersFor } from '../../applications/index.ts';
import { DomainError } from '../../kernel/errors.ts';
import {
  FEEDBACK_READER_ROLES as COMPLAINT_QUEUE_ROLES,
  overdueComplaintCounts,
} from '../../services/index.ts';
import { requireStaff } from '../access.ts';
import type { App, Web } from '../context.ts';
import { seeOther, sendPage } from '../render.ts';
import { registerAgencySettingsRoutes } from './agency-settings-routes.ts';
import { registerApplicationRoutes } from './application-routes.ts';
import { registerAuditRoutes } from './audit-routes.ts';
import { registerCalendarRoutes } from './calendar-routes.ts';
import { chrome, errorLines, expected } from './chrome.ts';
import { registerComplaintOfficeRoutes } from './complaint-routes.ts';
import { registerItemRoutes } from './item-routes.ts';
import { passwordHint } from './login-pages.tsx';
import {
  lockedOut,
  PasswordBody,
  passwordErrorView,
  passwordFormProblems,
  registerLoginRoutes,
} from './login-routes.ts';
import { registerNormativeRoutes } from './normative-routes.ts';
import {
  AccountPage,
  AgenciesPage,
  agencyUsersHref,
  DashboardPage,
  NewChildAgencyPage,
  type ShownPassword,
  UsersPage,
} from './pages.tsx';
import { registerReportRoutes } from './report-routes.ts';
import { registerServiceEventRoutes } from './service-event-routes.ts';
import { registerServiceCatalogueRoutes } from './service-routes.ts';
import { registerSupervisionRoutes } from './supervision-routes.ts';

const Id = (title: string) => Type.String({ minLength: 1, maxLength: 100, title });
const AgencyParams = Type.Object({ id: Id('机构编号') });
const UserParams = Type.Object({ id: Id('机构编号'), userId: Id('用户编号') });
const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });

const NewAgencyBody = Type.Object({
  kind: Type.String({ maxLength: 20, title: '机构类型' }),
  name: Type.String({ maxLength: 200, title: '机构名称' }),
  creditCode: Type.Optional(Type.String({ maxLength: 40, title: '统一社会信用代码' })),
});

const NewUserBody = Type.Object({
  username: Type.String({ maxLength: 100, title: '用户名' }),
  displayName: Type.String({ maxLength: 200, title: '姓名' }),
  roles: Type.Optional(Type.Array(Type.String({ maxLength: 30 }), { maxItems: 20, title: '角色' })),
});

const ResetBody = Type.Object({ resetTotp: Type.Optional(Type.String({ maxLength: 5 })) });
const DisabledBody = Type.Object({ disabled: Type.Enum(['0', '1'], { title: '停用' }) });

const NOTICES: Readonly<Record<string, string>> = {
  password: '密码已修改。',
  totp: '动态验证码已绑定，今后登录时需要输入。',
  created: '机构已创建。',
  disabled: '该用户已停用，其登录已全部结束。',
  enabled: '该用户已启用。',
};

function notice(done: string | undefined): string | undefined {
  return done === undefined ? undefined : NOTICES[done];
}

export function registerOffice(app: App, web: Web): void {
  const { ctx } = web;
  const db = web.database.db;
  const hint = passwordHint(ctx.passwordPolicy ?? DEFAULT_PASSWORD_POLICY);

  registerLoginRoutes(app, web);
  registerAuditRoutes(app, web);
  registerCalendarRoutes(app, web);
  registerApplicationRoutes(app, web);
  registerNormativeRoutes(app, web);
  registerServiceCatalogueRoutes(app, web);
  registerItemRoutes(app, web);
  registerReportRoutes(app, web);
  registerServiceEventRoutes(app, web);
  registerComplaintOfficeRoutes(app, web);
  registerSupervisionRoutes(app, web);
  registerAgencySettingsRoutes(app, web);

  async function agencyNames(ids: Iterable<string>): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const id of new Set(ids)) {
      const agency = await getPublicAgency(db, id);
      if (agency) names.set(id, agency.name);
    }
    return names;
  }

  app.get('/office', { config: { access: 'staff' } }, async (request, reply) => {
    const principal = requireStaff(request);
    const names = await agencyNames([principal.user.agencyId, ...principal.grants.map((g) => g.agencyId)]);
    // The overdue 效能投诉 of each agency whose queue a grant opens (dashboard links below).
    const overdue = await overdueComplaintCounts(
      db,
      principal.grants.filter((g) => COMPLAINT_QUEUE_ROLES.includes(g.role)).map((g) => g.agencyId),
      ctx.now(),
    );
    const reminders = (await remindersFor(ctx, principal)).map((r) => ({
      href: `/office/agencies/${encodeURIComponent(r.agencyId)}/applications/${encodeURIComponent(r.applicationId)}`,
      trackingNumber: r.trackingNumber,
      label: REMINDER_LABELS[r.kind],
      overdue: r.kind === 'overdue',
      dueOn: r.dueOn,
      createdOn: r.createdOn,
    }));
    return sendPage(
      reply,
      DashboardPage({
        chrome: await chrome(web, request, reply),
        reminders,
        user: principal.user,
        agencyName: names.get(principal.user.agencyId) ?? null,
        grants: principal.grants.map((g) => ({
          agencyId: g.agencyId,
          agencyName: names.get(g.agencyId) ?? '—',
          role: g.role,
          includeSubtree: g.includeSubtree,
          overdueComplaints: COMPLAINT_QUEUE_ROLES.includes(g.role) ? (overdue.get(g.agencyId) ?? 0) : 0,
        })),
      }),
    );
  });

  app.get(
    '/office/agencies',
    { config: { access: 'staff' }, schema: { querystring: DoneQuery } },
    async (request, reply) => {
      const principal = requireStaff(request);
      const agencies = await listAgencies(ctx, principal);
      const adminOf = await visibleAgencyIds(ctx, principal, ['admin']);
      return sendPage(
        reply,
        AgenciesPage({
          chrome: await chrome(web, request, reply),
          agencies,
          adminOf,
          canHaveChildren: (kind) => ALLOWED_CHILDREN[kind].length > 0,
          notice: notice(request.query.done),
        }),
      );
    },
  );

  async function childKinds(agencyId: string, request: Parameters<typeof requireStaff>[0]) {
    const parent = await getAgency(ctx, requireStaff(request), agencyId);
    const kinds = ALLOWED_CHILDREN[parent.kind];
    if (kinds.length === 0) {
      throw new DomainError('conflict.state', 'no children allowed', {
        userMessage: '这一类机构之下不能再设下级机构。',
      });
    }
    return { parent, kinds };
  }

  app.get(
    '/office/agencies/:id/children/new',
    { config: { access: { agencyParam: 'id', roles: ['admin'] } }, schema: { params: AgencyParams } },
    async (request, reply) => {
      const { parent, kinds } = await childKinds(request.params.id, request);
      return sendPage(
        reply,
        NewChildAgencyPage({ chrome: await chrome(web, request, reply), parent, kinds }),
      );
    },
  );

  app.post(
    '/office/agencies/:id/children',
    {
      config: { access: { agencyParam: 'id', roles: ['admin'] } },
      schema: { params: AgencyParams, body: NewAgencyBody },
    },
    async (request, reply) => {
      const principal = requireStaff(request);
      const { parent, kinds } = await childKinds(request.params.id, request);
      const { kind, name } = request.body;
      const creditCode = request.body.creditCode?.trim() || null;
      try {
        await createAgency(ctx, principal, {
          parentId: parent.id,
          kind: kind as AgencyKind,
          name,
          creditCode,
        });
      } catch (error) {
        const view = expected(error, ['input.invalid', 'conflict.exists']);
        return sendPage(
          reply,
          NewChildAgencyPage({
            chrome: await chrome(web, request, reply),
            parent,
            kinds,
            values: { kind, name, creditCode: creditCode ?? '' },
            errors: errorLines(view),
          }),
          view.status,
        );
      }
      return seeOther(reply, '/office/agencies?done=created');
    },
  );

  /** The users page of an agency, with whatever the last action has to show. */
  async function usersPage(
    request: Parameters<typeof requireStaff>[0],
    reply: Parameters<typeof sendPage>[0],
    agencyId: string,
    extra: {
      shown?: ShownPassword;
      notice?: string;
      values?: { username?: string; displayName?: string; roles?: readonly string[] };
      errors?: readonly string[];
      status?: number;
    } = {},
  ) {
    const principal = requireStaff(request);
    const agency = await getAgency(ctx, principal, agencyId);
    const users = await listUsers(ctx, principal, agencyId);
    const names = await agencyNames(users.flatMap((u) => u.grants.map((g) => g.agencyId)));
    return sendPage(
      reply,
      UsersPage({
        chrome: await chrome(web, request, reply),
        agency,
        users,
        agencyNames: names,
        selfId: principal.user.id,
        now: ctx.now(),
        ...extra,
      }),
      extra.status ?? 200,
    );
  }

  /** The user named in the path, when it belongs to the agency named in the path. */
  async function userOfAgency(request: Parameters<typeof requireStaff>[0], agencyId: string, userId: string) {
    const user = await getUser(ctx, requireStaff(request), userId);
    if (user.agencyId !== agencyId) throw new DomainError('access.not_found', 'user of another agency');
    return user;
  }

  app.get(
    '/office/agencies/:id/users',
    {
      config: { access: { agencyParam: 'id', roles: ['admin'] } },
      schema: { params: AgencyParams, querystring: DoneQuery },
    },
    async (request, reply) =>
      usersPage(request, reply, request.params.id, { notice: notice(request.query.done) }),
  );

  app.post(
    '/office/agencies/:id/users',
    {
      config: { access: { agencyParam: 'id', roles: ['admin'] } },
      schema: { params: AgencyParams, body: NewUserBody },
    },
    async (request, reply) => {
      const principal = requireStaff(request);
      const { username, displayName } = request.body;
      const roles = request.body.roles ?? [];
      try {
        const created = await createUser(ctx, principal, {
          agencyId: request.params.id,
          username,
          displayName,
          roles: roles as Role[],
        });
        return usersPage(request, reply, request.params.id, {
          shown: {
            username: created.user.username,
            displayName: created.user.displayName,
            password: created.initialPassword,
            created: true,
          },
          status: 201,
        });
      } catch (error) {
        const view = expected(error, ['input.invalid', 'conflict.exists', 'access.separation_of_duties']);
        return usersPage(request, reply, request.params.id, {
          values: { username, displayName, roles },
          errors: errorLines(view),
          status: view.status,
        });
      }
    },
  );

  app.post(
    '/office/agencies/:id/users/:userId/password-reset',
    {
      config: { access: { agencyParam: 'id', roles: ['admin'] } },
      schema: { params: UserParams, body: ResetBody },
    },
    async (request, reply) => {
      const user = await userOfAgency(request, request.params.id, request.params.userId);
      const password = await resetPassword(ctx, requireStaff(request), {
        userId: user.id,
        resetTotp: request.body.resetTotp === '1',
      });
      return usersPage(request, reply, request.params.id, {
        shown: { username: user.username, displayName: user.displayName, password, created: false },
      });
    },
  );

  app.post(
    '/office/agencies/:id/users/:userId/disabled',
    {
      config: { access: { agencyParam: 'id', roles: ['admin'] } },
      schema: { params: UserParams, body: DisabledBody },
    },
    async (request, reply) => {
      const user = await userOfAgency(request, request.params.id, request.params.userId);
      const disabled = request.body.disabled === '1';
      await setUserDisabled(ctx, requireStaff(request), { userId: user.id, disabled });
      return seeOther(
        reply,
        `${agencyUsersHref(request.params.id)}?done=${disabled ? 'disabled' : 'enabled'}`,
      );
    },
  );

  app.get(
    '/office/account',
    { config: { access: 'staff' }, schema: { querystring: DoneQuery } },
    async (request, reply) => {
      const principal = requireStaff(request);
      return sendPage(
        reply,
        AccountPage({
          chrome: await chrome(web, request, reply),
          user: principal.user,
          passwordHint: hint,
          notice: notice(request.query.done),
        }),
      );
    },
  );

  app.post(
    '/office/account/password',
    { config: { access: 'staff' }, schema: { body: PasswordBody } },
    async (request, reply) => {
      const principal = requireStaff(request);
      const page = async (errors: string[], status: number) =>
        sendPage(
          reply,
          AccountPage({
            chrome: await chrome(web, request, reply),
            user: principal.user,
            passwordHint: hint,
            errors,
          }),
          status,
        );
      const problems = passwordFormProblems(request.body);
      if (problems.length > 0) return page(problems, 400);
      try {
        await changePassword(ctx, principal, { current: request.body.current, next: request.body.next });
      } catch (error) {
        const view = passwordErrorView(error);
        if (view.code === 'auth.locked') return lockedOut(web, request, reply, view);
        return page(errorLines(view), view.status);
      }
      return seeOther(reply, '/office/account?done=password');
    },
  );
}
