import { type RailConfigurationError } from '@rail/core';
import type { PolicyDefinition } from '../policies/policy.js';
import type { RbacPrincipal } from '../rbac-principal.js';
import { RoleRegistry } from '../roles/role-registry.js';
import type { AccessRequest } from './access-decision.js';
import { RbacAuthorizer } from './rbac-authorizer.js';

const registry = new RoleRegistry({
  roles: {
    catalog_viewer: { permissions: ['product.view', 'category.view'] },
    catalog_editor: { inherits: ['catalog_viewer'], permissions: ['product.*'] },
    support: { inherits: ['catalog_viewer'], permissions: ['order.view'] },
    sales: { inherits: ['support'], permissions: ['order.create', 'order.update_own'] },
    order_manager: { inherits: ['sales'], permissions: ['order.update'] },
    dispatcher: { permissions: ['task.view_assigned', 'task.update_own', 'task.update_assigned'] },
    superuser: { permissions: ['*'] },
  },
  policies: [{ name: 'file-policy', effect: 'deny', permissions: ['webhook.*'] }],
});

const principal = (...roles: string[]): RbacPrincipal => ({ userId: '7', companyId: '1', roles });

function decide(policies: PolicyDefinition[], request: Partial<AccessRequest>) {
  return new RbacAuthorizer(registry, policies).decide({
    principal: principal('sales'),
    permission: 'order.update',
    ...request,
  });
}

describe('RbacAuthorizer', () => {
  const authorizer = new RbacAuthorizer(registry, []);

  it('denies by default: permission_missing', () => {
    expect(authorizer.decide({ principal: principal('catalog_viewer'), permission: 'order.view' })).toEqual({
      allowed: false,
      reason: 'permission_missing',
      roles: ['catalog_viewer'],
      effectivePermissions: ['product.view', 'category.view'],
      matchedPolicies: [],
      contextRequired: null,
      contextAllowed: null,
    });
    expect(authorizer.decide({ principal: principal(), permission: 'product.view' }).reason).toBe(
      'permission_missing',
    );
    expect(authorizer.decide({ principal: principal('ghost'), permission: 'product.view' }).allowed).toBe(
      false,
    );
  });

  it('grants through inherited permissions and fills the explanation', () => {
    expect(authorizer.decide({ principal: principal('sales'), permission: 'product.view' })).toEqual({
      allowed: true,
      reason: 'permission_granted',
      roles: ['sales', 'support', 'catalog_viewer'],
      effectivePermissions: [
        'order.create',
        'order.update_own',
        'order.view',
        'product.view',
        'category.view',
      ],
      matchedPolicies: [],
      contextRequired: null,
      contextAllowed: null,
    });
  });

  it('grants through wildcards', () => {
    const editor = principal('catalog_editor');
    expect(authorizer.decide({ principal: editor, permission: 'product.export' }).reason).toBe(
      'permission_granted',
    );
    expect(authorizer.decide({ principal: editor, permission: 'category.update' }).reason).toBe(
      'permission_missing',
    );
    const superuser = principal('superuser');
    expect(authorizer.decide({ principal: superuser, permission: 'anything.goes' }).allowed).toBe(true);
  });

  it('answers unauthenticated when nobody signed in', () => {
    for (const nobody of [undefined, null]) {
      expect(authorizer.decide({ principal: nobody, permission: 'product.view' })).toEqual({
        allowed: false,
        reason: 'unauthenticated',
        roles: [],
        effectivePermissions: [],
        matchedPolicies: [],
        contextRequired: null,
        contextAllowed: null,
      });
    }
  });

  it('refuses a malformed required permission loudly', () => {
    expect(() => authorizer.decide({ principal: principal('sales'), permission: '*.view' })).toThrow(
      expect.objectContaining({ name: 'RailConfigurationError' }) as RailConfigurationError,
    );
  });

  describe('own and assigned grants', () => {
    const sales = principal('sales');

    it('allows the owner', () => {
      expect(
        authorizer.decide({ principal: sales, permission: 'order.update', context: { isOwner: true } }),
      ).toMatchObject({
        allowed: true,
        reason: 'permission_granted',
        contextRequired: 'own',
        contextAllowed: true,
      });
    });

    it('denies someone else: not_owner', () => {
      expect(
        authorizer.decide({ principal: sales, permission: 'order.update', context: { isOwner: false } }),
      ).toMatchObject({ allowed: false, reason: 'not_owner', contextRequired: 'own', contextAllowed: false });
    });

    it('denies without the context, saying which context would allow (the caller scopes rows)', () => {
      expect(authorizer.decide({ principal: sales, permission: 'order.update' })).toMatchObject({
        allowed: false,
        reason: 'not_owner',
        contextRequired: 'own',
        contextAllowed: null,
      });
    });

    it('lets an unconditional grant beat a contextual one', () => {
      expect(
        authorizer.decide({
          principal: principal('order_manager'),
          permission: 'order.update',
          context: { isOwner: false },
        }),
      ).toMatchObject({
        allowed: true,
        reason: 'permission_granted',
        contextRequired: null,
        contextAllowed: null,
      });
      expect(
        authorizer.decide({ principal: principal('sales', 'superuser'), permission: 'order.update' }),
      ).toMatchObject({ allowed: true, contextRequired: null });
    });

    it('handles assigned grants the same way', () => {
      const dispatcher = principal('dispatcher');
      expect(
        authorizer.decide({ principal: dispatcher, permission: 'task.view', context: { isAssigned: true } }),
      ).toMatchObject({ allowed: true, contextRequired: 'assigned', contextAllowed: true });
      expect(
        authorizer.decide({ principal: dispatcher, permission: 'task.view', context: { isAssigned: false } }),
      ).toMatchObject({
        allowed: false,
        reason: 'not_assigned',
        contextRequired: 'assigned',
        contextAllowed: false,
      });
      expect(authorizer.decide({ principal: dispatcher, permission: 'task.view' })).toMatchObject({
        allowed: false,
        reason: 'not_assigned',
        contextAllowed: null,
      });
    });

    it('allows through either context when both are held', () => {
      const dispatcher = principal('dispatcher');
      const update = (context: AccessRequest['context']) =>
        authorizer.decide({ principal: dispatcher, permission: 'task.update', context });
      expect(update({ isOwner: false, isAssigned: true })).toMatchObject({
        allowed: true,
        contextRequired: 'assigned',
        contextAllowed: true,
      });
      expect(update({ isOwner: false, isAssigned: false })).toMatchObject({
        allowed: false,
        reason: 'not_owner',
        contextRequired: 'own',
        contextAllowed: false,
      });
      expect(update({ isOwner: false })).toMatchObject({
        allowed: false,
        reason: 'not_assigned',
        contextRequired: 'assigned',
        contextAllowed: null,
      });
    });

    it('tells row-scoping callers the context: contextualRequirement', () => {
      expect(authorizer.contextualRequirement(['sales'], 'order.update')).toBe('own');
      expect(authorizer.contextualRequirement(['dispatcher'], 'task.view')).toBe('assigned');
      expect(authorizer.contextualRequirement(['dispatcher'], 'task.update')).toBe('own');
      expect(authorizer.contextualRequirement(['order_manager'], 'order.update')).toBeNull();
      expect(authorizer.contextualRequirement(['sales'], 'order.view')).toBeNull();
      expect(authorizer.contextualRequirement(['catalog_viewer'], 'order.update')).toBeNull();
      expect(authorizer.contextualRequirement([], 'order.update')).toBeNull();
    });
  });

  it('denies another tenant first, whatever the roles and policies say', () => {
    const decision = decide([{ name: 'allow-all', effect: 'allow', priority: 100 }], {
      principal: principal('superuser'),
      context: { tenantMatches: false, isOwner: true },
    });
    expect(decision).toEqual({
      allowed: false,
      reason: 'tenant_mismatch',
      roles: ['superuser'],
      effectivePermissions: ['*'],
      matchedPolicies: [],
      contextRequired: null,
      contextAllowed: null,
    });
    expect(decide([], { context: { tenantMatches: true, isOwner: true } }).allowed).toBe(true);
  });

  describe('policies', () => {
    it('lets the winning policy decide before permissions', () => {
      expect(
        decide([{ name: 'freeze', effect: 'deny', permissions: ['order.*'] }], {
          context: { isOwner: true },
        }),
      ).toMatchObject({
        allowed: false,
        reason: 'policy_deny',
        matchedPolicies: ['freeze'],
        contextRequired: null,
      });
      expect(
        decide([{ name: 'viewers-update', effect: 'allow', roles: ['catalog_viewer'] }], {
          principal: principal('catalog_viewer'),
        }),
      ).toMatchObject({ allowed: true, reason: 'policy_allow', matchedPolicies: ['viewers-update'] });
    });

    it('matches roles through inheritance', () => {
      expect(decide([{ name: 'no-viewers', effect: 'deny', roles: ['catalog_viewer'] }], {}).reason).toBe(
        'policy_deny',
      );
    });

    it('lets deny beat allow at equal priority', () => {
      const decision = decide(
        [
          { name: 'allow', effect: 'allow' },
          { name: 'deny', effect: 'deny' },
        ],
        {},
      );
      expect(decision).toMatchObject({
        allowed: false,
        reason: 'policy_deny',
        matchedPolicies: ['allow', 'deny'],
      });
    });

    it('lets the higher priority win: allow at 10 beats deny at 5', () => {
      const decision = decide(
        [
          { name: 'deny', effect: 'deny', priority: 5 },
          { name: 'allow', effect: 'allow', priority: 10 },
        ],
        { principal: principal('catalog_viewer') },
      );
      expect(decision).toMatchObject({
        allowed: true,
        reason: 'policy_allow',
        matchedPolicies: ['allow', 'deny'],
      });
    });

    it('denies when a deny condition throws and does not allow when an allow condition throws', () => {
      const boom = (): boolean => {
        throw new Error('no database');
      };
      const denied = decide([{ name: 'guard', effect: 'deny', condition: boom }], {
        context: { isOwner: true },
      });
      expect(denied).toMatchObject({ allowed: false, reason: 'policy_deny', matchedPolicies: ['guard'] });
      expect(denied.conditionErrors).toEqual([{ policy: 'guard', error: new Error('no database') }]);

      const notAllowed = decide([{ name: 'opener', effect: 'allow', condition: boom }], {
        principal: principal('catalog_viewer'),
      });
      expect(notAllowed).toMatchObject({ allowed: false, reason: 'permission_missing', matchedPolicies: [] });
      expect(notAllowed.conditionErrors).toHaveLength(1);
    });

    it('gives conditions the principal, the request and the row', () => {
      const condition = ({
        principal: who,
        object,
        model,
        operation,
      }: Parameters<NonNullable<PolicyDefinition['condition']>>[0]) =>
        who.userId === '7' && object?.status === 'shipped' && model === 'Order' && operation === 'update';
      const policy: PolicyDefinition = { name: 'shipped-is-final', effect: 'deny', condition };
      const request = { model: 'Order', operation: 'update', context: { isOwner: true } };
      expect(decide([policy], { ...request, object: { status: 'shipped' } }).reason).toBe('policy_deny');
      expect(decide([policy], { ...request, object: { status: 'pending' } }).reason).toBe(
        'permission_granted',
      );
    });

    it('allows in shadow mode, naming the policy that would have denied', () => {
      const decision = decide([{ name: 'trial', effect: 'deny', mode: 'shadow', permissions: ['order.*'] }], {
        context: { isOwner: true },
      });
      expect(decision).toEqual({
        allowed: true,
        reason: 'permission_granted',
        roles: ['sales', 'support', 'catalog_viewer'],
        effectivePermissions: [
          'order.create',
          'order.update_own',
          'order.view',
          'product.view',
          'category.view',
        ],
        matchedPolicies: ['trial'],
        contextRequired: 'own',
        contextAllowed: true,
        shadowDenied: 'trial',
      });
      expect(
        decide([{ name: 'trial', effect: 'deny', mode: 'shadow' }], { context: { isOwner: false } }),
      ).not.toHaveProperty('shadowDenied');
    });

    it('applies the registry policies by default', () => {
      const byDefault = new RbacAuthorizer(registry);
      expect(
        byDefault.decide({ principal: principal('superuser'), permission: 'webhook.create' }),
      ).toMatchObject({
        allowed: false,
        reason: 'policy_deny',
        matchedPolicies: ['file-policy'],
      });
      expect(
        authorizer.decide({ principal: principal('superuser'), permission: 'webhook.create' }).allowed,
      ).toBe(true);
    });

    it('refuses policies naming unknown roles or duplicated', () => {
      expect(() => new RbacAuthorizer(registry, [{ name: 'p', effect: 'deny', roles: ['salse'] }])).toThrow(
        'RBAC policy "p" names unknown role "salse"',
      );
      expect(
        () => new RbacAuthorizer(registry, [...registry.policies, { name: 'file-policy', effect: 'allow' }]),
      ).toThrow(/policy name "file-policy" is used twice/);
    });
  });
});
