import {
  AGENCY_KINDS,
  type AgencyKind,
  type AgencyListItem,
  ROLE_IDS,
  ROLES,
  type Role,
  type User,
  type UserWithGrants,
} from '../../agencies/index.ts';
import { Breadcrumb } from '../layout/document.tsx';
import { CsrfField, ErrorSummary, Notice, TextField } from '../layout/forms.tsx';
import { OfficeLayout } from '../layout/office-layout.tsx';
import { AgencyTreeList } from '../portal/agency-tree.tsx';
import { agencySettingsHref } from './agency-settings-pages.tsx';
import type { Chrome } from './chrome.ts';
import { PasswordFields } from './login-pages.tsx';

export function agencyUsersHref(agencyId: string): string {
  return `/office/agencies/${encodeURIComponent(agencyId)}/users`;
}

export function newChildHref(agencyId: string): string {
  return `/office/agencies/${encodeURIComponent(agencyId)}/children/new`;
}

export interface GrantView {
  agencyId: string;
  agencyName: string;
  role: Role;
  includeSubtree: boolean;
  /** 效能投诉 of the agency not answered past their deadline (for the roles that see the queue). */
  overdueComplaints?: number;
}

export interface ReminderView {
  href: string;
  trackingNumber: string;
  /** 即将到期 | 已超期 */
  label: string;
  overdue: boolean;
  dueOn: string;
  createdOn: string;
}

/** The deadlines the user must not miss, first on the page. */
function Reminders(props: { reminders: readonly ReminderView[] }): JSX.Element {
  if (props.reminders.length === 0) return '';
  return (
    <section class="panel" aria-labelledby="reminders-title">
      <h2 id="reminders-title">到期提醒</h2>
      <p>以下政府信息公开申请即将到期或已超过答复期限，请及时办理。</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">申请编号</th>
              <th scope="col">提醒</th>
              <th scope="col">答复期限</th>
              <th scope="col">提醒日期</th>
            </tr>
          </thead>
          <tbody>
            {props.reminders.map((r) => (
              <tr>
                <td>
                  <a href={r.href} safe>
                    {r.trackingNumber}
                  </a>
                </td>
                <td>{r.overdue ? <strong safe>{`【${r.label}】`}</strong> : <span safe>{r.label}</span>}</td>
                <td safe>{r.dueOn}</td>
                <td safe>{r.createdOn}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function DashboardPage(props: {
  chrome: Chrome;
  user: User;
  agencyName: string | null;
  grants: readonly GrantView[];
  reminders?: readonly ReminderView[];
}): JSX.Element {
  return (
    <OfficeLayout {...props.chrome} title="工作台">
      <h1>工作台</h1>
      <Reminders reminders={props.reminders ?? []} />
      <section class="panel" aria-labelledby="me-title">
        <h2 id="me-title">我的信息</h2>
        <dl class="facts">
          <dt>姓名</dt>
          <dd safe>{props.user.displayName}</dd>
          <dt>用户名</dt>
          <dd safe>{props.user.username}</dd>
          <dt>所属机构</dt>
          <dd safe>{props.agencyName ?? '—'}</dd>
          <dt>动态验证码</dt>
          <dd>{props.user.totpEnabled ? '已绑定' : '未绑定'}</dd>
        </dl>
        <p>
          <a href="/office/account">修改密码或绑定动态验证码</a>
        </p>
      </section>
      <section class="panel" aria-labelledby="roles-title">
        <h2 id="roles-title">我的机构和角色</h2>
        {props.grants.length === 0 ? (
          <p>您还没有任何机构的角色，请联系系统管理员分配。</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">机构</th>
                  <th scope="col">角色</th>
                  <th scope="col">范围</th>
                </tr>
              </thead>
              <tbody>
                {props.grants.map((grant) => (
                  <tr>
                    <td safe>{grant.agencyName}</td>
                    <td>
                      {ROLES[grant.role].label}
                      {['editor', 'reviewer', 'approver', 'supervisor'].includes(grant.role) ? (
                        <>
                          {' '}
                          <a href={`/office/agencies/${encodeURIComponent(grant.agencyId)}/items`}>
                            主动公开
                          </a>{' '}
                          <a href={`/office/agencies/${encodeURIComponent(grant.agencyId)}/normative`}>
                            规范性文件登记
                          </a>{' '}
                          <a href={`/office/agencies/${encodeURIComponent(grant.agencyId)}/reports`}>
                            年度报告
                          </a>
                        </>
                      ) : (
                        ''
                      )}
                      {grant.role === 'supervisor' || grant.role === 'approver' ? (
                        <>
                          {' '}
                          <a href={`/office/agencies/${encodeURIComponent(grant.agencyId)}/supervision`}>
                            年度报告监督
                          </a>
                        </>
                      ) : (
                        ''
                      )}
                      {grant.role === 'service' || grant.role === 'admin' || grant.role === 'supervisor' ? (
                        <>
                          {' '}
                          <a href={`/office/agencies/${encodeURIComponent(grant.agencyId)}/services`}>
                            政务服务事项
                          </a>{' '}
                          {grant.role === 'supervisor' ? (
                            ''
                          ) : (
                            <>
                              <a
                                href={`/office/agencies/${encodeURIComponent(grant.agencyId)}/service-events`}
                              >
                                办件登记
                              </a>{' '}
                            </>
                          )}
                          <a href={`/office/agencies/${encodeURIComponent(grant.agencyId)}/complaints`}>
                            效能投诉
                          </a>
                          {grant.overdueComplaints ? (
                            <strong safe>{`（${grant.overdueComplaints} 件已超期）`}</strong>
                          ) : (
                            ''
                          )}
                        </>
                      ) : (
                        ''
                      )}
                      {grant.role === 'auditor' ? (
                        <>
                          {' '}
                          <a href={`/office/agencies/${encodeURIComponent(grant.agencyId)}/audit`}>
                            查看审计日志
                          </a>
                        </>
                      ) : (
                        ''
                      )}
                    </td>
                    <td>{grant.includeSubtree ? '本机构及全部下级机构' : '本机构'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p>
          <a href="/office/agencies">查看机构与用户</a>
        </p>
      </section>
    </OfficeLayout>
  );
}

export function AgenciesPage(props: {
  chrome: Chrome;
  agencies: readonly AgencyListItem[];
  /** Agencies where the user is an administrator. */
  adminOf: ReadonlySet<string>;
  canHaveChildren: (kind: AgencyKind) => boolean;
  notice?: string;
}): JSX.Element {
  return (
    <OfficeLayout {...props.chrome} title="机构与用户">
      <h1>机构与用户</h1>
      <Notice message={props.notice} />
      <section class="panel" aria-labelledby="tree-title">
        <h2 id="tree-title">我可以查看的机构</h2>
        {props.agencies.length === 0 ? (
          <p>您还没有任何机构的角色。</p>
        ) : (
          <AgencyTreeList
            items={props.agencies}
            label="机构树"
            render={(agency) => (
              <>
                <strong safe>{agency.name}</strong>
                {props.adminOf.has(agency.id) ? (
                  <span class="actions">
                    <a href={agencyUsersHref(agency.id)}>用户管理</a>
                    <a href={agencySettingsHref(agency.id)}>机构设置</a>
                    {props.canHaveChildren(agency.kind) ? (
                      <a href={newChildHref(agency.id)}>新建下级机构</a>
                    ) : (
                      ''
                    )}
                  </span>
                ) : (
                  ''
                )}
              </>
            )}
          />
        )}
      </section>
    </OfficeLayout>
  );
}

export function NewChildAgencyPage(props: {
  chrome: Chrome;
  parent: { id: string; name: string };
  kinds: readonly AgencyKind[];
  values?: { kind?: string; name?: string; creditCode?: string };
  errors?: readonly string[];
}): JSX.Element {
  const action = `/office/agencies/${encodeURIComponent(props.parent.id)}/children`;
  return (
    <OfficeLayout {...props.chrome} title="新建下级机构">
      <Breadcrumb items={[{ label: '机构与用户', href: '/office/agencies' }, { label: props.parent.name }]} />
      <h1>新建下级机构</h1>
      <p>
        上级机构：<span safe>{props.parent.name}</span>
      </p>
      <ErrorSummary messages={props.errors ?? []} />
      <form method="post" action={action} class="stacked">
        <CsrfField token={props.chrome.csrfToken} />
        <fieldset>
          <legend>机构类型</legend>
          {props.kinds.map((kind, index) => (
            <div class="choice">
              <input
                type="radio"
                id={`kind-${kind}`}
                name="kind"
                value={kind}
                required
                checked={props.values?.kind === kind || (props.values?.kind === undefined && index === 0)}
              />
              <label for={`kind-${kind}`}>{AGENCY_KINDS[kind].label}</label>
            </div>
          ))}
        </fieldset>
        <TextField name="name" label="机构名称" value={props.values?.name} required maxlength={100} />
        <TextField
          name="creditCode"
          label="统一社会信用代码（选填）"
          hint="18 位，用于信息索引号。"
          value={props.values?.creditCode}
          maxlength={18}
        />
        <button type="submit">创建机构</button>
      </form>
    </OfficeLayout>
  );
}

function userStatus(user: User, now: Date): string {
  if (user.disabled) return '已停用';
  if (user.lockedUntil !== null && Date.parse(user.lockedUntil) > now.getTime()) return '已锁定';
  if (user.mustChangePassword) return '待修改初始密码';
  return '正常';
}

export interface ShownPassword {
  username: string;
  displayName: string;
  password: string;
  created: boolean;
}

export function UsersPage(props: {
  chrome: Chrome;
  agency: { id: string; name: string };
  users: readonly UserWithGrants[];
  agencyNames: ReadonlyMap<string, string>;
  selfId: string;
  now: Date;
  shown?: ShownPassword;
  notice?: string;
  values?: { username?: string; displayName?: string; roles?: readonly string[] };
  errors?: readonly string[];
}): JSX.Element {
  const base = agencyUsersHref(props.agency.id);
  return (
    <OfficeLayout {...props.chrome} title={`用户管理 - ${props.agency.name}`}>
      <Breadcrumb items={[{ label: '机构与用户', href: '/office/agencies' }, { label: props.agency.name }]} />
      <h1>
        用户管理：<span safe>{props.agency.name}</span>
      </h1>
      <Notice message={props.notice} />
      {props.shown ? (
        <section class="notice" role="status" aria-labelledby="shown-title">
          <h2 id="shown-title">
            {props.shown.created ? '已创建用户' : '已重置密码'}：<span safe>{props.shown.displayName}</span>（
            <span safe>{props.shown.username}</span>）
          </h2>
          <p>
            请将下面的临时密码当面或通过可靠渠道交给本人。本页面关闭后将无法再次查看；本人首次登录时必须修改。
          </p>
          <code class="secret" safe>
            {props.shown.password}
          </code>
        </section>
      ) : (
        ''
      )}
      <section class="panel" aria-labelledby="users-title">
        <h2 id="users-title">本机构的用户</h2>
        {props.users.length === 0 ? (
          <p>本机构还没有用户。</p>
        ) : (
          <div class="table-wrap">
            <table class="cards">
              <thead>
                <tr>
                  <th scope="col">姓名</th>
                  <th scope="col">用户名</th>
                  <th scope="col">角色</th>
                  <th scope="col">状态</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {props.users.map((user) => (
                  <tr>
                    <td data-label="姓名" safe>
                      {user.displayName}
                    </td>
                    <td data-label="用户名" safe>
                      {user.username}
                    </td>
                    <td data-label="角色">
                      {user.grants.length === 0
                        ? '—'
                        : user.grants.map((g) => (
                            <div safe>
                              {`${ROLES[g.role].label}${g.agencyId === props.agency.id ? '' : `（${props.agencyNames.get(g.agencyId) ?? '其他机构'}）`}${g.includeSubtree ? '，含下级' : ''}`}
                            </div>
                          ))}
                    </td>
                    <td data-label="状态" safe>
                      {userStatus(user, props.now)}
                    </td>
                    <td data-label="操作">
                      {user.id === props.selfId ? (
                        <span class="muted">本人</span>
                      ) : (
                        <div class="actions">
                          <form
                            method="post"
                            action={`${base}/${encodeURIComponent(user.id)}/password-reset`}
                          >
                            <CsrfField token={props.chrome.csrfToken} />
                            <button type="submit" class="secondary">
                              重置密码
                            </button>
                          </form>
                          {user.totpEnabled ? (
                            <form
                              method="post"
                              action={`${base}/${encodeURIComponent(user.id)}/password-reset`}
                            >
                              <CsrfField token={props.chrome.csrfToken} />
                              <input type="hidden" name="resetTotp" value="1" />
                              <button type="submit" class="secondary">
                                重置密码并解绑动态验证码
                              </button>
                            </form>
                          ) : (
                            ''
                          )}
                          <form method="post" action={`${base}/${encodeURIComponent(user.id)}/disabled`}>
                            <CsrfField token={props.chrome.csrfToken} />
                            <input type="hidden" name="disabled" value={user.disabled ? '0' : '1'} />
                            <button type="submit" class="secondary">
                              {user.disabled ? '启用' : '停用'}
                            </button>
                          </form>
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p class="muted">
          重置密码会结束该用户的全部登录并解除锁定；手机丢失时可同时解绑动态验证码，由本人重新绑定。停用后该用户立即不能登录。
        </p>
      </section>
      <section class="panel" aria-labelledby="new-user-title">
        <h2 id="new-user-title">新建用户</h2>
        <ErrorSummary messages={props.errors ?? []} />
        <form method="post" action={base} class="stacked">
          <CsrfField token={props.chrome.csrfToken} />
          <TextField
            name="username"
            label="用户名"
            hint="2 至 32 位小写字母、数字或“.”“_”“-”，以字母或数字开头，如 zhangsan。"
            value={props.values?.username}
            autocomplete="off"
            required
            maxlength={32}
          />
          <TextField
            name="displayName"
            label="姓名"
            value={props.values?.displayName}
            autocomplete="off"
            required
            maxlength={50}
          />
          <fieldset>
            <legend>在本机构的角色</legend>
            {ROLE_IDS.map((role) => (
              <div class="choice">
                <input
                  type="checkbox"
                  id={`role-${role}`}
                  name="roles"
                  value={role}
                  checked={props.values?.roles?.includes(role) ?? false}
                />
                <label for={`role-${role}`}>
                  <span>{ROLES[role].label}</span>
                  <span class="muted" safe>
                    {`：${ROLES[role].description}`}
                  </span>
                </label>
              </div>
            ))}
          </fieldset>
          <button type="submit">创建用户</button>
        </form>
        <p class="muted">系统会生成临时密码，创建后只显示一次。</p>
      </section>
    </OfficeLayout>
  );
}

export function AccountPage(props: {
  chrome: Chrome;
  user: User;
  passwordHint: string;
  notice?: string;
  errors?: readonly string[];
}): JSX.Element {
  return (
    <OfficeLayout {...props.chrome} title="我的账户">
      <h1>我的账户</h1>
      <Notice message={props.notice} />
      <section class="panel" aria-labelledby="password-title">
        <h2 id="password-title">修改密码</h2>
        <ErrorSummary messages={props.errors ?? []} />
        <form method="post" action="/office/account/password" class="stacked">
          <CsrfField token={props.chrome.csrfToken} />
          <PasswordFields initial={false} hint={props.passwordHint} />
          <button type="submit">修改密码</button>
        </form>
        <p class="muted">修改密码后，您在其他设备上的登录将全部结束。</p>
      </section>
      <section class="panel" aria-labelledby="totp-title">
        <h2 id="totp-title">动态验证码</h2>
        {props.user.totpEnabled ? (
          <p>已绑定。如手机丢失或需更换，请联系本机构的系统管理员重置。</p>
        ) : (
          <p>
            未绑定。<a href="/office/account/totp">绑定动态验证码</a>
            ，登录时除密码外再输入手机验证器应用显示的验证码，更加安全。
          </p>
        )}
      </section>
    </OfficeLayout>
  );
}
