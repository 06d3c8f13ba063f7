// Roles as data: the one place role names and their Chinese labels live.

export const ROLES = {
  admin: { label: '系统管理员', description: '管理本机构的用户、角色和下级机构' },
  editor: { label: '撰稿', description: '起草主动公开信息和答复文书' },
  reviewer: { label: '保密审查', description: '对拟公开的信息进行保密审查' },
  approver: { label: '负责人审批', description: '审批拟公开的信息和答复' },
  handler: { label: '依申请办理', description: '登记和办理政府信息公开申请' },
  service: { label: '政务服务', description: '维护政务服务事项和窗口，登记办件，办理效能投诉' },
  supervisor: { label: '监督', description: '查看本机构及下级机构的公开工作' },
  auditor: { label: '审计', description: '查阅审计日志' },
} as const satisfies Record<string, { label: string; description: string }>;

export type Role = keyof typeof ROLES;

export const ROLE_IDS: readonly Role[] = Object.keys(ROLES) as Role[];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && Object.hasOwn(ROLES, value);
}

export function roleLabel(role: Role): string {
  return ROLES[role].label;
}

/**
 * Roles one person may not hold together anywhere (等保 三员分立: whoever administers the system
 * does not audit it).
 */
export const CONFLICTING_ROLES: readonly (readonly [Role, Role])[] = [['admin', 'auditor']];

/** The role among `held` that conflicts with `role`, if any. */
export function conflictingRole(role: Role, held: readonly Role[]): Role | undefined {
  for (const [a, b] of CONFLICTING_ROLES) {
    if (role === a && held.includes(b)) return b;
    if (role === b && held.includes(a)) return a;
  }
  return undefined;
}
