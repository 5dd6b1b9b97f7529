import { fileURLToPath } from 'node:url';
import { RoleRegistry } from './role-registry.js';
import { loadRbacConfig } from './roles-file.loader.js';

// The sample app's roles file: loading it here keeps it valid as the syntax evolves.
const path = fileURLToPath(new URL('../../../../apps/store-api/roles.yml', import.meta.url));

describe('apps/store-api/roles.yml', () => {
  const registry = new RoleRegistry(loadRbacConfig(path));
  const permissions = (role: string) => registry.effectivePermissions([role]);

  it('defines the sample roles, least privileged first', () => {
    expect(registry.roleNames()).toEqual([
      'catalog_viewer',
      'support',
      'catalog_editor',
      'sales',
      'catalog_admin',
      'admin',
    ]);
  });

  it('lets sales update their own orders only', () => {
    expect(permissions('sales')).toContain('order.update_own');
    expect(permissions('sales')).not.toContain('order.update');
    expect(permissions('sales')).toEqual(
      expect.arrayContaining(['order.view', 'product.view', 'order.create']),
    );
  });

  it('keeps orders from catalog viewers', () => {
    expect(permissions('catalog_viewer')).not.toContain('order.view');
    expect(permissions('catalog_viewer')).toEqual([
      'category.view',
      'product.view',
      'customer.view',
      // Their own background tasks only.
      'task.view_own',
      'task.update_own',
    ]);
  });

  it('gives admin the audit log on top of everything catalog_admin has', () => {
    expect(permissions('admin')).toContain('audit.view');
    expect(permissions('admin')).toEqual(expect.arrayContaining(permissions('catalog_admin')));
    expect(registry.effectiveRoles(['admin'])).toEqual([
      'admin',
      'catalog_admin',
      'catalog_editor',
      'sales',
      'catalog_viewer',
      'support',
    ]);
  });
});
