// The JSON API under /api/v1, described by the OpenAPI document at /api/v1/openapi.json.
import { Type } from 'typebox';
import {
  AGENCY_KIND_IDS,
  getPublicAgency,
  listPublicAgencies,
  ROLE_IDS,
  ROLES,
} from '../../agencies/index.ts';
import { DomainError } from '../../kernel/errors.ts';
import { requireStaff } from '../access.ts';
import type { App, Web } from '../context.ts';

const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: '错误代码，如 access.not_found' }),
      message: Type.String({ description: '中文说明' }),
      field: Type.Optional(Type.String({ description: '出错的字段' })),
      requestId: Type.String({ description: '请求编号，报告问题时请提供' }),
    }),
  },
  { title: '错误' },
);

const Contact = Type.Object(
  {
    office: Type.Optional(Type.String({ description: '工作机构' })),
    address: Type.Optional(Type.String({ description: '办公地址' })),
    postcode: Type.Optional(Type.String({ description: '邮政编码' })),
    phone: Type.Optional(Type.String({ description: '联系电话' })),
    fax: Type.Optional(Type.String({ description: '传真' })),
    email: Type.Optional(Type.String({ description: '电子邮箱' })),
    hours: Type.Optional(Type.String({ description: '办公时间' })),
  },
  { description: '政府信息公开工作机构的联系方式' },
);

const Kind = Type.Enum([...AGENCY_KIND_IDS], {
  description: '机构类型：region 区域，department 部门，town 乡镇（街道），village 村（社区）',
});

const PublicAgencyBody = Type.Object({
  id: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()]),
  kind: Kind,
  name: Type.String({ description: '机构名称' }),
  creditCode: Type.Union([Type.String(), Type.Null()], { description: '统一社会信用代码' }),
  contact: Contact,
});

const AgencyListBody = Type.Object({
  agencies: Type.Array(
    Type.Intersect([
      PublicAgencyBody,
      Type.Object({ depth: Type.Integer({ description: '在机构树中的层级，0 为最上级' }) }),
    ]),
  ),
});

const MeBody = Type.Object({
  csrfToken: Type.String({
    description: '本会话的 CSRF 令牌：需要登录的写操作须在请求头 x-csrf-token 中携带',
  }),
  user: Type.Object({
    id: Type.String(),
    username: Type.String(),
    displayName: Type.String({ description: '姓名' }),
    agencyId: Type.String({ description: '所属机构' }),
  }),
  grants: Type.Array(
    Type.Object({
      agencyId: Type.String(),
      role: Type.Enum([...ROLE_IDS], { description: '角色代码' }),
      roleLabel: Type.String({ description: '角色的中文名称' }),
      includeSubtree: Type.Boolean({ description: '是否及于下级机构' }),
    }),
  ),
});

export function registerApi(app: App, web: Web): void {
  const db = web.database.db;

  app.get(
    '/api/v1/agencies',
    {
      config: { access: 'public' },
      schema: {
        summary: '机构列表',
        description: '开设政府信息公开专栏的全部机构，按机构树顺序排列。',
        tags: ['机构'],
        response: { 200: AgencyListBody },
      },
    },
    async () => ({ agencies: await listPublicAgencies(db) }),
  );

  app.get(
    '/api/v1/agencies/:id',
    {
      config: { access: 'public' },
      schema: {
        summary: '机构',
        tags: ['机构'],
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, title: '机构编号' }) }),
        response: { 200: PublicAgencyBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const agency = await getPublicAgency(db, request.params.id);
      if (agency === null) throw new DomainError('access.not_found', 'no such agency');
      return agency;
    },
  );

  app.get(
    '/api/v1/me',
    {
      config: { access: 'staff' },
      schema: {
        summary: '当前登录的工作人员',
        description: '需要后台登录的会话 Cookie。',
        tags: ['账户'],
        security: [{ session: [] }],
        response: { 200: MeBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const principal = requireStaff(request);
      return {
        csrfToken: web.csrf.token(request, reply),
        user: {
          id: principal.user.id,
          username: principal.user.username,
          displayName: principal.user.displayName,
          agencyId: principal.user.agencyId,
        },
        grants: principal.grants.map((g) => ({
          agencyId: g.agencyId,
          role: g.role,
          roleLabel: ROLES[g.role].label,
          includeSubtree: g.includeSubtree,
        })),
      };
    },
  );

  app.get(
    '/api/v1/openapi.json',
    { config: { access: 'public' }, schema: { hide: true } },
    async (_request, reply) => reply.type('application/json; charset=utf-8').send(app.swagger()),
  );
}
