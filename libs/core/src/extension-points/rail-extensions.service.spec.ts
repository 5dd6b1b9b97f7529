import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { FieldAccessRequest, FieldAuthorizer, FieldReadAccess } from './field-authorizer.js';
import type { AuthorizationDecision, OperationAuthorizer, OperationRequest } from './operation-authorizer.js';
import type { QueryScope, ScopeCondition } from './query-scope.js';
import { RailExtension, RailExtensionPoint } from './rail-extension.decorator.js';
import { RailExtensions } from './rail-extensions.service.js';

@RailExtension(RailExtensionPoint.OperationAuthorizer)
class DenyDeletes implements OperationAuthorizer {
  authorize(request: OperationRequest): AuthorizationDecision {
    return request.operation === 'delete'
      ? { allowed: false, reason: 'permission_missing' }
      : { allowed: true, reason: 'permission_granted' };
  }
}

@RailExtension(RailExtensionPoint.OperationAuthorizer)
class AllowEverything implements OperationAuthorizer {
  authorize(): AuthorizationDecision {
    return { allowed: true, reason: 'policy_allow' };
  }
}

@RailExtension(RailExtensionPoint.QueryScope)
class TenantScope implements QueryScope {
  conditionsFor(): ScopeCondition[] {
    return [{ companyId: { eq: '1' } }];
  }
}

@RailExtension(RailExtensionPoint.QueryScope)
class ActiveOnly implements QueryScope {
  conditionsFor(): Promise<ScopeCondition[]> {
    return Promise.resolve([{ isActive: { eq: true } }]);
  }
}

const mask = (): string => '***';

@RailExtension(RailExtensionPoint.FieldAuthorizer)
class MaskEmail implements FieldAuthorizer {
  readAccess(): Map<string, FieldReadAccess> {
    return new Map<string, FieldReadAccess>([
      ['email', { visibility: 'masked', mask }],
      ['costPrice', { visibility: 'masked', mask }],
    ]);
  }
  deniedWrites(): Set<string> {
    return new Set(['email']);
  }
}

@RailExtension(RailExtensionPoint.FieldAuthorizer)
class HideCost implements FieldAuthorizer {
  readAccess(request: FieldAccessRequest): Map<string, FieldReadAccess> {
    return new Map<string, FieldReadAccess>(
      request.fields.filter((field) => field !== 'name').map((field) => [field, { visibility: 'visible' }]),
    ).set('costPrice', { visibility: 'hidden' });
  }
  deniedWrites(): Set<string> {
    return new Set(['costPrice']);
  }
}

async function extensionsWith(...providers: Array<new () => object>): Promise<RailExtensions> {
  @Module({ providers })
  class FeatureModule {}
  const moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule, FeatureModule],
    providers: [RailExtensions],
  }).compile();
  await moduleRef.init();
  return moduleRef.get(RailExtensions);
}

const request = { principal: undefined, model: 'Product', operation: 'list' } as const;
const fields = { principal: undefined, model: 'Customer', fields: ['name', 'email', 'costPrice'] };

describe('RailExtensions', () => {
  it('with nothing registered answers the no-op defaults', async () => {
    const extensions = await extensionsWith();
    await expect(extensions.authorize({ ...request, operation: 'delete' })).resolves.toEqual({
      allowed: true,
      reason: 'no_authorizer',
    });
    await expect(extensions.scopeConditions(request)).resolves.toEqual([]);
    const access = await extensions.fieldReadAccess(fields);
    expect([...access.values()].map((entry) => entry.visibility)).toEqual(['visible', 'visible', 'visible']);
    await expect(extensions.deniedWrites(fields)).resolves.toEqual(new Set());
    expect(extensions.mutationObservers).toEqual([]);
  });

  it('finds registered providers in any module; one denial denies whatever the others say', async () => {
    const extensions = await extensionsWith(AllowEverything, DenyDeletes);
    await expect(extensions.authorize({ ...request, operation: 'delete' })).resolves.toEqual({
      allowed: false,
      reason: 'permission_missing',
    });
    await expect(extensions.authorize(request)).resolves.toEqual({
      allowed: true,
      reason: 'permission_granted',
    });
  });

  it('collects the conditions of every scope, to be ANDed', async () => {
    const extensions = await extensionsWith(TenantScope, ActiveOnly);
    await expect(extensions.scopeConditions(request)).resolves.toEqual([
      { companyId: { eq: '1' } },
      { isActive: { eq: true } },
    ]);
  });

  it('keeps the most restrictive read access per field and every denied write', async () => {
    const extensions = await extensionsWith(HideCost, MaskEmail);
    const access = await extensions.fieldReadAccess(fields);
    expect(access.get('name')).toEqual({ visibility: 'visible' });
    expect(access.get('email')?.visibility).toBe('masked');
    expect(access.get('costPrice')).toEqual({ visibility: 'hidden' });
    await expect(extensions.deniedWrites(fields)).resolves.toEqual(new Set(['email', 'costPrice']));
  });
});
