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
  maySetOwnReportDeadline,
  OWN_DEADLINE_REFUSAL,
  subtreeIds,
  updateAgency,
} from '../../agencies/index.ts';
import { deadlineOf, reportDeadline } from '../../annual-reports/index.ts';
import { NOT_SET } from '../../disclosures/index.ts';
import { shanghaiDate } from '../../kernel/civil-date.ts';
import { isDomainError } from '../../kernel/errors.ts';
import { DEFAULT_COMPLAINT_DEADLINE_DAYS } from '../../services/index.ts';
import { requireStaff } from '../access.ts';
import type { App, Web } from '../context.ts';
import { seeOther, sendPage } from '../render.ts';
import {
  type OwnDeadlineField,
  ownDeadlineField,
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

  interface Loaded {
    agency: Agency;
    /** Kinds of reporting agency below it whose deadlines it may set. */
    kinds: AgencyKind[];
    own: OwnDeadlineField;
    /** The deadline of its report of last year as it stands, and why. */
    inForce: { date: string; basis: string } | null;
  }

  async function load(request: FastifyRequest, agencyId: string): Promise<Loaded> {
    const principal = requireStaff(request);
    const agency = await getAgency(ctx, principal, agencyId);
    const tree = await loadAgencyTree(ctx.db);
    const below = new Set<AgencyKind>();
    for (const id of subtreeIds(tree, agency.id)) {
      const node = tree.nodes.get(id);
      if (node && id !== agency.id) below.add(node.kind);
    }
    const own = ownDeadlineField(agency.kind, maySetOwnReportDeadline(principal, agency.id, tree));
    const inForce =
      own === 'readonly' ? (await deadlineOf(ctx.db, tree, agency.id, reportYear())).deadline : null;
    return { agency, kinds: perKindKinds(agency.settings, below), own, inForce };
  }

  /** The year whose report is due now: last year in Beijing (not in UTC, which lags 8 hours). */
  function reportYear(): number {
    return Number(shanghaiDate(ctx.now()).slice(0, 4)) - 1;
  }

  function defaultsOf(agency: Agency): SettingsDefaults {
    const email = agency.settings.contact?.email;
    // The statutory date: a supervising agency's per-kind setting, if any, comes before it.
    const statutory = reportDeadline(reportYear(), {
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
    loaded: Loaded,
    extra: {
      values?: SettingsFormValues;
      errors?: ParsedSettingsForm['errors'];
      general?: string[];
      notice?: string;
      status?: number;
    } = {},
  ) {
    const { agency } = loaded;
    return sendPage(
      reply,
      AgencySettingsPage({
        chrome: await chrome(web, request, reply),
        agency: { id: agency.id, name: agency.name, kind: agency.kind },
        values: extra.values ?? valuesOfAgency(agency),
        kinds: loaded.kinds,
        ownDeadline: loaded.own,
        ...(loaded.inForce ? { deadlineInForce: loaded.inForce } : {}),
        ownDeadlineReason: OWN_DEADLINE_REFUSAL,
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
      const loaded = await load(request, request.params.id);
      const done = request.query.done;
      return page(request, reply, loaded, {
        ...(done !== undefined && NOTICES[done] ? { notice: NOTICES[done] } : {}),
      });
    },
  );

  app.post(
    '/office/agencies/:id/settings',
    { config: { access }, schema: { params: Params, body: Body } },
    async (request, reply) => {
      const principal = requireStaff(request);
      const loaded = await load(request, request.params.id);
      const { agency } = loaded;
      const values = settingsFormValues(request.body as Partial<Record<string, string>>);
      const parsed = parseSettingsForm(values, agency, loaded.kinds, loaded.own);
      if (Object.keys(parsed.errors).length > 0 || parsed.general.length > 0)
        return page(request, reply, loaded, {
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
        // access.forbidden: a deadline posted past the read-only field (updateAgency says why).
        const view = expected(error, ['input.invalid', 'conflict.exists', 'access.forbidden']);
        // A name or code another agency holds: the problem goes beside the field it concerns.
        const conflict = isDomainError(error) && error.code === 'conflict.exists' ? error : null;
        const field = conflict === null ? null : 'creditCode' in conflict.details ? 'creditCode' : 'name';
        return page(request, reply, loaded, {
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
