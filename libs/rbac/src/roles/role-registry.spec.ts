import { type RailConfigurationError } from '@rail/core';
import type { RbacConfig } from './rbac-config.schema.js';
import { RoleRegistry } from './role-registry.js';

const chain: RbacConfig = {
  roles: {
    catalog_viewer: { permissions: ['product.view', 'category.view'] },
    catalog_editor: { inherits: ['catalog_viewer'], permissions: ['product.update'] },
    catalog_admin: { inherits: ['catalog_editor'], permissions: ['product.*'], maxUsers: 3 },
    admin: { description: 'Everything', inherits: ['catalog_admin'], permissions: ['user.*'] },
  },
};

function refusal(config: unknown, message: RegExp | string): void {
  expect(() => new RoleRegistry(config as RbacConfig)).toThrow(
    expect.objectContaining({
      name: 'RailConfigurationError',
      message:
        typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message),
    }) as RailConfigurationError,
  );
}

describe('RoleRegistry', () => {
  it('inherits transitively: admin → catalog_admin → catalog_editor → catalog_viewer', () => {
    const registry = new RoleRegistry(chain);
    expect(registry.effectiveRoles(['admin'])).toEqual([
      'admin',
      'catalog_admin',
      'catalog_editor',
      'catalog_viewer',
    ]);
    expect(registry.effectivePermissions(['admin'])).toEqual([
      'user.*',
      'product.*',
      'product.update',
      'product.view',
      'category.view',
    ]);
    expect(registry.effectivePermissions(['catalog_viewer'])).toEqual(['product.view', 'category.view']);
  });

  it('inherits from several parents, each role once', () => {
    const registry = new RoleRegistry({
      roles: {
        viewer: { permissions: ['product.view'] },
        editor: { inherits: ['viewer'], permissions: ['product.update'] },
        support: { inherits: ['viewer'], permissions: ['order.view'] },
        sales: { inherits: ['support'], permissions: ['order.update_own'] },
        lead: { inherits: ['editor', 'sales'], permissions: ['report.run'] },
      },
    });
    expect(registry.effectiveRoles(['lead'])).toEqual(['lead', 'editor', 'sales', 'viewer', 'support']);
    expect(registry.effectivePermissions(['lead']).sort()).toEqual([
      'order.update_own',
      'order.view',
      'product.update',
      'product.view',
      'report.run',
    ]);
  });

  it('merges several assigned roles and ignores unknown ones', () => {
    const registry = new RoleRegistry(chain);
    expect(registry.effectiveRoles(['catalog_viewer', 'ghost', 'catalog_editor'])).toEqual([
      'catalog_viewer',
      'catalog_editor',
    ]);
    expect(registry.effectiveRoles(['ghost', 'toString', '__proto__'])).toEqual([]);
    expect(registry.effectivePermissions([])).toEqual([]);
  });

  it('answers has, roleNames, maxUsers and definition', () => {
    const registry = new RoleRegistry(chain);
    expect(registry.has('admin')).toBe(true);
    expect(registry.has('ghost')).toBe(false);
    expect(registry.has('constructor')).toBe(false);
    expect(registry.roleNames()).toEqual(['catalog_viewer', 'catalog_editor', 'catalog_admin', 'admin']);
    expect(registry.maxUsers('catalog_admin')).toBe(3);
    expect(registry.maxUsers('admin')).toBeUndefined();
    expect(registry.maxUsers('ghost')).toBeUndefined();
    expect(registry.definition('admin')).toEqual({
      description: 'Everything',
      inherits: ['catalog_admin'],
      permissions: ['user.*'],
    });
    expect(registry.definition('catalog_viewer')?.inherits).toEqual([]);
  });

  it('refuses an inheritance cycle, naming it', () => {
    refusal(
      { roles: { a: { inherits: ['b'] }, b: { inherits: ['a'] } } },
      'role "a" inherits itself through the cycle a → b → a',
    );
    refusal(
      {
        roles: {
          base: {},
          x: { inherits: ['base', 'y'] },
          y: { inherits: ['z'] },
          z: { inherits: ['x'] },
        },
      },
      'x → y → z → x',
    );
    refusal({ roles: { solo: { inherits: ['solo'] } } }, 'solo → solo');
  });

  it('refuses an unknown parent, naming the role and the parent', () => {
    refusal(
      { roles: { viewer: {}, sales: { inherits: ['viewer', 'suport'] } } },
      '"roles.sales.inherits.1": role "sales" inherits unknown role "suport"',
    );
  });

  it('refuses bad permission syntax, naming the role and the permission', () => {
    refusal(
      { roles: { viewer: { permissions: ['product.view', '*.view'] } } },
      /"roles\.viewer\.permissions\.1": invalid permission "\*\.view": a wildcard may only be/,
    );
    refusal({ roles: { viewer: { permissions: ['Product'] } } }, '"roles.viewer.permissions.0"');
  });

  it('refuses a bad role name, in the roles and in inherits', () => {
    refusal(
      { roles: { 'Catalog-Viewer': {} } },
      /"roles\.Catalog-Viewer": expected a lowercase snake_case role name/,
    );
    refusal(
      { roles: { viewer: { inherits: ['Bad Name'] } } },
      '"roles.viewer.inherits.0": expected a lowercase',
    );
  });

  it('refuses unknown keys and bad limits', () => {
    refusal({ roles: { viewer: { permisions: ['product.view'] } } }, '"roles.viewer"');
    refusal({ roles: { viewer: { maxUsers: 0 } } }, '"roles.viewer.maxUsers"');
    refusal({ roles: { viewer: { maxUsers: 1.5 } } }, '"roles.viewer.maxUsers"');
    refusal({}, '"roles"');
  });

  it('lists every problem at once', () => {
    refusal(
      { roles: { a: { permissions: ['*.view'] }, b: { permissions: ['pro*.x'] } } },
      /"roles\.a\.permissions\.0".*\n.*"roles\.b\.permissions\.0"/,
    );
  });

  it('keeps valid policies and refuses policies naming unknown roles', () => {
    const registry = new RoleRegistry({
      roles: { viewer: {} },
      policies: [{ name: 'no-exports', effect: 'deny', roles: ['viewer'], permissions: ['*'] }],
    });
    expect(registry.policies.map((policy) => policy.name)).toEqual(['no-exports']);
    refusal(
      { roles: { viewer: {} }, policies: [{ name: 'p', effect: 'deny', roles: ['viewr'] }] },
      '"policies.0.roles.0": policy "p" names unknown role "viewr"',
    );
  });
});
