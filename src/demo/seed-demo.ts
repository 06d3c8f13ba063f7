// A realistic demonstration installation: 济源示范区 with 承留镇 and its villages, 思礼镇 (to show
// that towns cannot see each other) and a department, one account per role for 承留镇. Idempotent:
// what exists is left alone; only accounts created by this run get (and return) a password.
import {
  type AgencyKind,
  type AgencySettings,
  createAgency,
  createUser,
  grantRole,
  listPublicAgencies,
  listUsers,
  ROLES,
  type Role,
  systemActor,
  type UseCaseContext,
} from '../agencies/index.ts';
import { type Demo2022Result, seedDemo2022 } from './demo-2022.ts';
import { seedDemoApplications } from './demo-applications.ts';
import { seedDemoItems } from './demo-items.ts';
import { seedDemoNormative } from './demo-normative.ts';
import { type DemoServicesResult, seedDemoServices } from './demo-services.ts';

interface DemoAgency {
  key: string;
  parent: string | null;
  kind: AgencyKind;
  name: string;
  creditCode: string;
  settings?: AgencySettings;
}

const OFFICE_HOURS = '法定工作日 上午8:30—12:00，下午14:30—17:30';

export const DEMO_AGENCIES: readonly DemoAgency[] = [
  {
    key: 'jiyuan',
    parent: null,
    kind: 'region',
    name: '济源示范区',
    creditCode: '114190010059424003',
    settings: { contact: { office: '济源示范区政务公开办公室', postcode: '459000', hours: OFFICE_HOURS } },
  },
  {
    key: 'caizheng',
    parent: 'jiyuan',
    kind: 'department',
    name: '济源示范区财政金融局',
    creditCode: '11419001005941176L',
    settings: { contact: { office: '济源示范区财政金融局办公室', postcode: '459000', hours: OFFICE_HOURS } },
  },
  {
    key: 'chengliu',
    parent: 'jiyuan',
    kind: 'town',
    name: '承留镇',
    creditCode: '11419001005942312L',
    settings: {
      contact: {
        office: '承留镇党政综合办公室（政务公开办）',
        address: '河南省济源示范区承留镇人民政府',
        postcode: '459000',
        email: 'gongkai@chengliu.example',
        hours: OFFICE_HOURS,
      },
    },
  },
  {
    key: 'sili',
    parent: 'jiyuan',
    kind: 'town',
    name: '思礼镇',
    creditCode: '11419001005942320F',
    settings: {
      contact: {
        office: '思礼镇党政综合办公室',
        address: '河南省济源示范区思礼镇人民政府',
        hours: OFFICE_HOURS,
      },
    },
  },
  {
    key: 'chengliucun',
    parent: 'chengliu',
    kind: 'village',
    name: '承留村',
    creditCode: '54419001MF0001016K',
  },
  { key: 'nanxun', parent: 'chengliu', kind: 'village', name: '南勋村', creditCode: '54419001MF0001024E' },
  { key: 'huashi', parent: 'chengliu', kind: 'village', name: '花石村', creditCode: '54419001MF00010329' },
  { key: 'wushan', parent: 'chengliu', kind: 'village', name: '武山村', creditCode: '54419001MF00010404' },
  { key: 'dagouhe', parent: 'chengliu', kind: 'village', name: '大沟河村', creditCode: '54419001MF00010591' },
  {
    key: 'yuhuangmiao',
    parent: 'chengliu',
    kind: 'village',
    name: '玉皇庙村',
    creditCode: '54419001MF0001067U',
  },
];

interface DemoUser {
  username: string;
  displayName: string;
  agency: string;
  role: Role;
  includeSubtree: boolean;
}

export const DEMO_USERS: readonly DemoUser[] = [
  {
    username: 'chengliu-admin',
    displayName: '承留镇系统管理员',
    agency: 'chengliu',
    role: 'admin',
    includeSubtree: true,
  },
  {
    username: 'chengliu-editor',
    displayName: '承留镇政务公开撰稿员',
    agency: 'chengliu',
    role: 'editor',
    includeSubtree: false,
  },
  {
    username: 'chengliu-reviewer',
    displayName: '承留镇保密审查员',
    agency: 'chengliu',
    role: 'reviewer',
    includeSubtree: false,
  },
  {
    username: 'chengliu-approver',
    displayName: '承留镇分管负责人',
    agency: 'chengliu',
    role: 'approver',
    includeSubtree: false,
  },
  {
    username: 'chengliu-handler',
    displayName: '承留镇依申请公开经办人',
    agency: 'chengliu',
    role: 'handler',
    includeSubtree: false,
  },
  {
    username: 'chengliu-service',
    displayName: '承留镇便民服务中心工作人员',
    agency: 'chengliu',
    role: 'service',
    includeSubtree: false,
  },
  {
    username: 'chengliu-auditor',
    displayName: '承留镇审计员',
    agency: 'chengliu',
    role: 'auditor',
    includeSubtree: true,
  },
  {
    username: 'jiyuan-supervisor',
    displayName: '示范区政务公开办督导员',
    agency: 'jiyuan',
    role: 'supervisor',
    includeSubtree: true,
  },
  {
    username: 'sili-admin',
    displayName: '思礼镇系统管理员',
    agency: 'sili',
    role: 'admin',
    includeSubtree: true,
  },
];

export interface DemoAccount {
  username: string;
  displayName: string;
  agencyName: string;
  /** Chinese label of the role, with “（含下级）” for a subtree grant. */
  role: string;
  /** The initial password: to be changed at the first login. */
  password: string;
}

export interface DemoSeedResult {
  agenciesCreated: number;
  usersCreated: number;
  grantsCreated: number;
  /** Demonstration applications added to 承留镇 (0 when it already had some). */
  applicationsCreated: number;
  /** Demonstration 主动公开 items added to 承留镇 (0 when it already had some). */
  itemsCreated: number;
  /** 承留镇's 2022 (its published report's application, website items and WeChat posts) added by this run. */
  year2022: Demo2022Result;
  /** 承留镇's 便民服务大厅 (windows, items, rated 办件, 效能投诉) added by this run. */
  services: DemoServicesResult;
  /** Accounts created by this run, with their initial passwords; empty on a second run. */
  accounts: DemoAccount[];
}

const SEED = systemActor('seed-demo');

export async function seedDemo(ctx: UseCaseContext): Promise<DemoSeedResult> {
  const result: DemoSeedResult = {
    agenciesCreated: 0,
    usersCreated: 0,
    grantsCreated: 0,
    applicationsCreated: 0,
    itemsCreated: 0,
    year2022: { applications: 0, items: 0, wechatPosts: 0 },
    services: { windows: 0, items: 0, events: 0, ratings: 0, complaints: 0 },
    accounts: [],
  };
  const existing = await listPublicAgencies(ctx.db);
  const ids = new Map<string, string>();
  const names = new Map<string, string>();
  for (const agency of DEMO_AGENCIES) {
    const parentId = agency.parent === null ? null : ids.get(agency.parent)!;
    const found = existing.find((a) => a.parentId === parentId && a.name === agency.name);
    if (found) {
      ids.set(agency.key, found.id);
    } else {
      const created = await createAgency(ctx, SEED, {
        parentId,
        kind: agency.kind,
        name: agency.name,
        creditCode: agency.creditCode,
        settings: agency.settings ?? {},
      });
      ids.set(agency.key, created.id);
      result.agenciesCreated++;
    }
    names.set(agency.key, agency.name);
  }

  for (const spec of DEMO_USERS) {
    const agencyId = ids.get(spec.agency)!;
    const users = await listUsers(ctx, SEED, agencyId);
    let user = users.find((u) => u.username === spec.username);
    if (!user) {
      const created = await createUser(ctx, SEED, {
        agencyId,
        username: spec.username,
        displayName: spec.displayName,
      });
      user = { ...created.user, grants: [] };
      result.usersCreated++;
      result.accounts.push({
        username: spec.username,
        displayName: spec.displayName,
        agencyName: names.get(spec.agency)!,
        role: ROLES[spec.role].label + (spec.includeSubtree ? '（含下级）' : ''),
        password: created.initialPassword,
      });
    }
    if (!user.grants.some((g) => g.role === spec.role && g.agencyId === agencyId)) {
      await grantRole(ctx, SEED, {
        userId: user.id,
        agencyId,
        role: spec.role,
        includeSubtree: spec.includeSubtree,
      });
      result.grantsCreated++;
    }
  }
  result.applicationsCreated = await seedDemoApplications(ctx, SEED, ids.get('chengliu')!);
  result.itemsCreated = await seedDemoItems(
    ctx,
    { editor: 'chengliu-editor', reviewer: 'chengliu-reviewer', approver: 'chengliu-approver' },
    ids.get('chengliu')!,
  );
  await seedDemoNormative(ctx, 'chengliu-editor', ids.get('chengliu')!);
  // After seedDemoItems, which adds nothing once the town has items.
  result.year2022 = await seedDemo2022(
    ctx,
    SEED,
    { editor: 'chengliu-editor', reviewer: 'chengliu-reviewer', approver: 'chengliu-approver' },
    ids.get('chengliu')!,
  );
  result.services = await seedDemoServices(ctx, 'chengliu-service', ids.get('chengliu')!);
  return result;
}
