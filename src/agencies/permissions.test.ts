import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../kernel/errors.ts';
import type { AgencyKind } from './agency.ts';
import {
  ancestorIds,
  assertReady,
  assertSeparateDuties,
  buildAgencyTree,
  coveredAgencyIds,
  hasRole,
  subtreeIds,
  treeOrder,
} from './permissions.ts';
import type { Principal, RoleGrant } from './principal.ts';
import type { Role } from './roles.ts';
import { conflictingRole } from './roles.ts';

const node = (id: string, parentId: string | null, kind: AgencyKind, name: string) => ({
  id,
  parentId,
  kind,
  name,
});
const tree = buildAgencyTree([
  node('v2', 't1', 'village', '南勋村'),
  node('t2', 'r', 'town', '思礼镇'),
  node('v1', 't1', 'village', '承留村'),
  node('d', 'r', 'department', '财政金融局'),
  node('t1', 'r', 'town', '承留镇'),
  node('r', null, 'region', '济源示范区'),
  node('v3', 't2', 'village', '思礼村'),
]);

const grant = (role: Role, agencyId: string, includeSubtree = false): RoleGrant => ({
  id: `${role}@${agencyId}`,
  userId: 'u',
  agencyId,
  role,
  includeSubtree,
  createdAt: '2026-01-01T00:00:00.000Z',
});

function principal(grants: RoleGrant[], overrides: Partial<Principal> = {}): Principal {
  return {
    user: {
      id: 'u',
      agencyId: 't1',
      username: 'u',
      displayName: 'U',
      mustChangePassword: false,
      totpEnabled: false,
      disabled: false,
      lockedUntil: null,
      createdAt: '',
      updatedAt: '',
    },
    grants,
    sessionId: 's',
    secondFactorOk: true,
    needsTotpEnrolment: false,
    ...overrides,
  };
}

describe('agency tree', () => {
  it('orders departments before towns, then names in pinyin order, depth first', () => {
    assert.deepEqual(
      treeOrder(tree).map(({ id, depth }) => `${depth}:${tree.nodes.get(id)!.name}`),
      ['0:济源示范区', '1:财政金融局', '1:承留镇', '2:承留村', '2:南勋村', '1:思礼镇', '2:思礼村'],
    );
  });

  it('lists a subset with depths relative to the listed agencies', () => {
    assert.deepEqual(treeOrder(tree, new Set(['v1', 'v2', 't2', 'v3'])), [
      { id: 'v1', depth: 0 },
      { id: 'v2', depth: 0 },
      { id: 't2', depth: 0 },
      { id: 'v3', depth: 1 },
    ]);
  });

  it('gives ancestors and subtrees', () => {
    assert.deepEqual(ancestorIds(tree, 'v1'), ['t1', 'r']);
    assert.deepEqual(subtreeIds(tree, 't1').sort(), ['t1', 'v1', 'v2']);
    assert.deepEqual(subtreeIds(tree, 'missing'), []);
  });

  it('survives a cycle in bad data', () => {
    const bad = buildAgencyTree([node('a', 'b', 'town', 'A'), node('b', 'a', 'town', 'B')]);
    assert.deepEqual(ancestorIds(bad, 'a'), ['b']);
  });
});

describe('roles on agencies', () => {
  it('a grant without subtree covers only its agency', () => {
    const p = principal([grant('editor', 't1')]);
    assert.equal(hasRole(p, 'editor', 't1', tree), true);
    assert.equal(hasRole(p, 'editor', 'v1', tree), false);
    assert.equal(hasRole(p, 'reviewer', 't1', tree), false);
    assert.equal(hasRole(p, 'editor', 't2', tree), false);
  });

  it('a subtree grant covers everything below, nothing beside or above', () => {
    const p = principal([grant('supervisor', 't1', true)]);
    assert.equal(hasRole(p, 'supervisor', 'v2', tree), true);
    assert.equal(hasRole(p, 'supervisor', 'r', tree), false);
    assert.equal(hasRole(p, 'supervisor', 'v3', tree), false);
    assert.deepEqual([...coveredAgencyIds(p.grants, tree)].sort(), ['t1', 'v1', 'v2']);
  });

  it('a supervisor of the region sees every agency', () => {
    const grants = [grant('supervisor', 'r', true), grant('editor', 't1')];
    assert.equal(coveredAgencyIds(grants, tree).size, 7);
    assert.deepEqual([...coveredAgencyIds(grants, tree, ['editor'])], ['t1']);
  });

  it('is false until the principal is completely signed in', () => {
    const grants = [grant('admin', 't1')];
    assert.equal(hasRole(principal(grants, { secondFactorOk: false }), 'admin', 't1', tree), false);
    assert.equal(hasRole(principal(grants, { needsTotpEnrolment: true }), 'admin', 't1', tree), false);
    const mustChange = principal(grants);
    mustChange.user.mustChangePassword = true;
    assert.equal(hasRole(mustChange, 'admin', 't1', tree), false);
    assert.throws(
      () => assertReady(mustChange),
      (e: DomainError) => e.code === 'auth.password_change_required',
    );
    assert.throws(
      () => assertReady(principal(grants, { secondFactorOk: false })),
      (e: DomainError) => e.code === 'auth.second_factor_required',
    );
    assert.throws(
      () => assertReady(principal(grants, { needsTotpEnrolment: true })),
      (e: DomainError) => e.code === 'auth.second_factor_required' && e.details.enrolment === true,
    );
  });

  it('an unknown agency is covered by nothing', () => {
    assert.equal(hasRole(principal([grant('admin', 'r', true)]), 'admin', 'nowhere', tree), false);
  });
});

describe('separation of duties', () => {
  it('refuses the author as approver', () => {
    assert.throws(
      () => assertSeparateDuties('u1', 'u1'),
      (e: unknown) => e instanceof DomainError && e.code === 'access.separation_of_duties',
    );
    assert.doesNotThrow(() => assertSeparateDuties('u1', 'u2'));
  });

  it('keeps administration and audit apart', () => {
    assert.equal(conflictingRole('auditor', ['editor', 'admin']), 'admin');
    assert.equal(conflictingRole('admin', ['auditor']), 'auditor');
    assert.equal(conflictingRole('editor', ['admin', 'auditor']), undefined);
  });
});
