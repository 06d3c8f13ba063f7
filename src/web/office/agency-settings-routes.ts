// The 机构设置 page of an agency (admin of the agency only): name, 统一社会信用代码 and the settings
// (contact details printed in the 公开指南, 文号 prefix, reminder address, annual-report deadlines,
// 效能投诉 period, 强制动态验证码), saved through updateAgency (merged key by key, audited; the portal's
// cached pages are forgotten at once, agencies/agency-events.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  type Agency,
  type AgencyKind,
  getAgency,
  loadAgencyTree,
  subtreeIds,
  updateAgency,
} from '../../agencies/index.ts';
import { reportDeadline } from '../../annual-reports/index.ts';
import { NOT_SET } from '../../disclosures/index.ts';
import { isDomainError } from '../../kernel/errors.ts';
import { DEFAULT_COMPLAINT_DEADLINE_DAYS } from '../../services/index.ts';
import { requireStaff } from '../access.ts';
import type { App, Web } from '../context.ts';
import { seeOther, sendPage } from '../render.ts';
import {
  type ParsedSettingsForm,
  parseSettingsForm,
  perKindKinds,
  SETTINGS_FORM_FIELDS,
  type SettingsFormValues,
  settingsFormValues,
  valuesOfAgency,
} from './agency-settings-forms.ts';
import { AgencySettingsPage, agencySettingsHref, type SettingsDefaults } from './agency-settings-pages.tsx';
import { chrome, errorLines, expected } from './chrome.ts';

const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, title: '机构编号' }) });
const Query = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
const Body = Type.Object(
  Object.fromEntries(
    SETTINGS_FORM_FIELDS.map((name) => [name, Type.Optional(Type.String({ maxLength: 400 }))]),
  ),
);

const NOTICES: Readonly<Record<string, string>> = {
  saved: '机构设置已保存。政府信息公开指南等页面已按新的设置显示。',
  unchanged: '没有修改任何设置。',
};

export function registerAgencySettingsRoutes(app: App, web: Web): void {
  const { ctx } = web;
  const access = { agencyParam: 'id', roles: ['admin'] } as const;

  /** The agency, and the kinds of reporting agency below it whose deadlines it may set. */
  async function load(
    request: FastifyRequest,
    agencyId: string,
  ): Promise<{ agency: Agency; kinds: AgencyKind[] }> {
    const agency = await getAgency(ctx, requireStaff(request), agencyId);
    const tree = await loadAgencyTree(ctx.db);
    const below = new Set<AgencyKind>();
    for (const id of subtreeIds(tree, agency.id)) {
      const node = tree.nodes.get(id);
      if (node && id !== agency.id) below.add(node.kind);
    }
    return { agency, kinds: perKindKinds(agency.settings, below) };
  }

  function defaultsOf(agency: Agency): SettingsDefaults {
    const email = agency.settings.contact?.email;
    // The statutory date: a supervising agency's per-kind setting, if any, comes before it.
    const statutory = reportDeadline(ctx.now().getUTCFullYear() - 1, {
      name: agency.name,
      kind: agency.kind,
      settings: {},
    });
    return {
      // As applications/issue-letters.ts numbers letters without a setting.
      letterPrefix: `${agency.name}依申请公开`,
      reminderEmail: typeof email === 'string' && email.trim() !== '' ? email : null,
      reportDeadline: `上级机构为本类机构规定的期限；上级未规定的，按${statutory.basis}`,
      complaintDeadlineDays: DEFAULT_COMPLAINT_DEADLINE_DAYS,
      notSet: NOT_SET,
    };
  }

  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    agency: Agency,
    kinds: AgencyKind[],
    extra: {
      values?: SettingsFormValues;
      errors?: ParsedSettingsForm['errors'];
      general?: string[];
      notice?: string;
      status?: number;
    } = {},
  ) {
    return sendPage(
      reply,
      AgencySettingsPage({
        chrome: await chrome(web, request, reply),
        agency: { id: agency.id, name: agency.name, kind: agency.kind },
        values: extra.values ?? valuesOfAgency(agency),
        kinds,
        defaults: defaultsOf(agency),
        guideHref: `/agencies/${encodeURIComponent(agency.id)}/guide`,
        ...(extra.errors ? { errors: extra.errors } : {}),
        ...(extra.general ? { general: extra.general } : {}),
        ...(extra.notice ? { notice: extra.notice } : {}),
      }),
      extra.status ?? 200,
    );
  }

  app.get(
    '/office/agencies/:id/settings',
    { config: { access }, schema: { params: Params, querystring: Query } },
    async (request, reply) => {
      const { agency, kinds } = await load(request, request.params.id);
      const done = request.query.done;
      return page(request, reply, agency, kinds, {
        ...(done !== undefined && NOTICES[done] ? { notice: NOTICES[done] } : {}),
      });
    },
  );

  app.post(
    '/office/agencies/:id/settings',
    { config: { access }, schema: { params: Params, body: Body } },
    async (request, reply) => {
      const principal = requireStaff(request);
      const { agency, kinds } = await load(request, request.params.id);
      const values = settingsFormValues(request.body as Partial<Record<string, string>>);
      const parsed = parseSettingsForm(values, agency, kinds);
      if (Object.keys(parsed.errors).length > 0 || parsed.general.length > 0)
        return page(request, reply, agency, kinds, {
          values,
          errors: parsed.errors,
          general: parsed.general,
          status: 400,
        });
      if (parsed.unchanged) return seeOther(reply, `${agencySettingsHref(agency.id)}?done=unchanged`);
      try {
        await updateAgency(ctx, principal, {
          agencyId: agency.id,
          name: parsed.name,
          creditCode: parsed.creditCode,
          settings: parsed.settings,
        });
      } catch (error) {
        const view = expected(error, ['input.invalid', 'conflict.exists']);
        // A name or code another agency holds: the problem goes beside the field it concerns.
        const conflict = isDomainError(error) && error.code === 'conflict.exists' ? error : null;
        const field = conflict === null ? null : 'creditCode' in conflict.details ? 'creditCode' : 'name';
        return page(request, reply, agency, kinds, {
          values,
          ...(conflict === null || field === null
            ? { general: errorLines(view) }
            : { errors: { [field]: conflict.message } }),
          status: view.status,
        });
      }
      return seeOther(reply, `${agencySettingsHref(agency.id)}?done=saved`);
    },
  );
}
