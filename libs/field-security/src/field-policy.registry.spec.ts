import type { ModelRegistry, PermissionChecker, RailPrincipal } from '@rail/core';
import { FieldPolicy } from './field-policy.decorator.js';
import { FieldPolicyRegistry } from './field-policy.registry.js';

class Invoice {
  @FieldPolicy({ read: { roles: ['accountant'] } })
  total!: string;

  @FieldPolicy({ read: { permissions: ['invoice.read_notes'] } })
  notes!: string;
}

const clerk: RailPrincipal = { userId: '7', companyId: '1', roles: ['clerk'], authMethods: [] };

/** Only the models are read from the registry here. */
const registry = { models: [{ name: 'Invoice', entity: Invoice }] } as unknown as ModelRegistry;

describe('FieldPolicyRegistry without options beyond the defaults', () => {
  it('reads the policies of every registry model and asks roles and permissions through the PermissionChecker', () => {
    const asked: string[] = [];
    const checker: PermissionChecker = {
      hasRole: (_, roles) => {
        asked.push(`role ${roles.join('|')}`);
        return false;
      },
      hasPermission: (_, permission) => {
        asked.push(`permission ${permission}`);
        return permission === 'invoice.read_notes';
      },
    };
    const policies = new FieldPolicyRegistry({}, registry, checker).policiesOf('Invoice');
    expect(policies.get('total')?.readAccess(clerk).visibility).toBe('hidden');
    expect(policies.get('notes')?.readAccess(clerk).visibility).toBe('visible');
    expect(asked).toEqual(['role accountant', 'permission invoice.read_notes']);
  });
});
