// Who may see and do what (pure): the agency tree, role grants and the principal's state.
import { DomainError } from '../kernel/errors.ts';
import { AGENCY_KIND_IDS, type AgencyKind } from './agency.ts';
import type { Principal, RoleGrant } from './principal.ts';
import type { Role } from './roles.ts';

export interface AgencyNode {
  id: string;
  parentId: string | null;
  kind: AgencyKind;
  name: string;
}

export interface AgencyTree {
  nodes: ReadonlyMap<string, AgencyNode>;
  /** Children of each agency (roots under null), in display order: kind, then name. */
  children: ReadonlyMap<string | null, readonly string[]>;
}

const collator = new Intl.Collator('zh-CN');

export function buildAgencyTree(agencies: Iterable<AgencyNode>): AgencyTree {
  const nodes = new Map<string, AgencyNode>();
  for (const a of agencies) nodes.set(a.id, { id: a.id, parentId: a.parentId, kind: a.kind, name: a.name });
  const children = new Map<string | null, AgencyNode[]>();
  for (const node of nodes.values()) {
    const parent = node.parentId !== null && nodes.has(node.parentId) ? node.parentId : null;
    const list = children.get(parent);
    if (list) list.push(node);
    else children.set(parent, [node]);
  }
  const sorted = new Map<string | null, string[]>();
  for (const [parent, list] of children) {
    list.sort(
      (a, b) =>
        AGENCY_KIND_IDS.indexOf(a.kind) - AGENCY_KIND_IDS.indexOf(b.kind) ||
        collator.compare(a.name, b.name) ||
        (a.id < b.id ? -1 : 1),
    );
    sorted.set(
      parent,
      list.map((n) => n.id),
    );
  }
  return { nodes, children: sorted };
}

/** The agency's ancestors, nearest first. */
export function ancestorIds(tree: AgencyTree, agencyId: string): string[] {
  const result: string[] = [];
  const seen = new Set<string>([agencyId]);
  let parent = tree.nodes.get(agencyId)?.parentId ?? null;
  while (parent !== null && !seen.has(parent)) {
    result.push(parent);
    seen.add(parent);
    parent = tree.nodes.get(parent)?.parentId ?? null;
  }
  return result;
}

/** The agency and everything below it. */
export function subtreeIds(tree: AgencyTree, agencyId: string): string[] {
  if (!tree.nodes.has(agencyId)) return [];
  const result: string[] = [];
  const stack = [agencyId];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    result.push(id);
    const kids = tree.children.get(id) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return result;
}

/** Some grant of one of `roles` covers the agency: on it, or on an ancestor with include_subtree. */
export function grantsCover(
  grants: readonly RoleGrant[],
  roles: readonly Role[] | undefined,
  agencyId: string,
  tree: AgencyTree,
): boolean {
  if (!tree.nodes.has(agencyId)) return false;
  let ancestors: Set<string> | undefined;
  for (const grant of grants) {
    if (roles && !roles.includes(grant.role)) continue;
    if (grant.agencyId === agencyId) return true;
    if (grant.includeSubtree) {
      ancestors ??= new Set(ancestorIds(tree, agencyId));
      if (ancestors.has(grant.agencyId)) return true;
    }
  }
  return false;
}

/** Agencies covered by the grants of the given roles (all roles when absent). */
export function coveredAgencyIds(
  grants: readonly RoleGrant[],
  tree: AgencyTree,
  roles?: readonly Role[],
): Set<string> {
  const result = new Set<string>();
  for (const grant of grants) {
    if (roles && !roles.includes(grant.role)) continue;
    if (!tree.nodes.has(grant.agencyId)) continue;
    if (grant.includeSubtree) for (const id of subtreeIds(tree, grant.agencyId)) result.add(id);
    else result.add(grant.agencyId);
  }
  return result;
}

/** Signed in completely: second factor given, initial password changed, TOTP enrolled if required. */
export function isReady(principal: Principal): boolean {
  return (
    principal.secondFactorOk &&
    !principal.user.mustChangePassword &&
    !principal.needsTotpEnrolment &&
    !principal.user.disabled
  );
}

/** Throws the reason the principal may not act yet. */
export function assertReady(principal: Principal): void {
  if (principal.user.disabled) throw new DomainError('auth.required', '账户已停用，请重新登录');
  if (!principal.secondFactorOk) {
    throw new DomainError('auth.second_factor_required', '请输入动态验证码完成登录');
  }
  if (principal.user.mustChangePassword) {
    throw new DomainError('auth.password_change_required', '请先修改初始密码');
  }
  if (principal.needsTotpEnrolment) {
    throw new DomainError('auth.second_factor_required', '本机构要求使用动态验证码，请先完成绑定', {
      enrolment: true,
    });
  }
}

/**
 * The principal holds the role on the agency (directly, or on an ancestor with include_subtree).
 * False for a principal that is not completely signed in (see isReady).
 */
export function hasRole(principal: Principal, role: Role, agencyId: string, tree: AgencyTree): boolean {
  return isReady(principal) && grantsCover(principal.grants, [role], agencyId, tree);
}

/** Separation of duties: whoever wrote an item does not approve it. */
export function assertSeparateDuties(authorUserId: string, approverUserId: string): void {
  if (authorUserId === approverUserId) {
    throw new DomainError('access.separation_of_duties', '同一人不能既撰写又审批同一事项', {
      userId: approverUserId,
    });
  }
}

/**
 * The agencies of `ids` in tree order (depth first, children in display order), each with its
 * depth among the listed ones: an agency whose parent is not listed starts at depth 0.
 */
export function treeOrder(tree: AgencyTree, ids?: ReadonlySet<string>): { id: string; depth: number }[] {
  const result: { id: string; depth: number }[] = [];
  const seen = new Set<string>();
  const visit = (id: string, depth: number) => {
    if (seen.has(id)) return;
    seen.add(id);
    const listed = !ids || ids.has(id);
    if (listed) result.push({ id, depth });
    for (const child of tree.children.get(id) ?? []) visit(child, listed ? depth + 1 : depth);
  };
  for (const root of tree.children.get(null) ?? []) visit(root, 0);
  return result;
}
