import { type RailConfigurationError } from '@rail/core';
import type { PolicyContext, PolicyDefinition } from './policy.js';
import { PolicyEngine } from './policy-engine.js';

const context: PolicyContext = {
  principal: { userId: '7', companyId: '1', roles: ['sales'] },
  permission: 'order.update',
  model: 'Order',
  operation: 'update',
};

function evaluate(policies: PolicyDefinition[], overrides: Partial<PolicyContext> = {}, roles?: string[]) {
  return new PolicyEngine(policies).evaluate({ ...context, ...overrides }, roles);
}

const boom = (): boolean => {
  throw new Error('lookup failed');
};

describe('PolicyEngine', () => {
  it('leaves the decision to permissions when nothing matches', () => {
    expect(evaluate([{ name: 'other', effect: 'deny', permissions: ['product.*'] }])).toEqual({
      effect: null,
      policy: null,
      matched: [],
      shadowDenied: false,
      shadowPolicy: null,
      conditionErrors: [],
    });
    expect(evaluate([])).toMatchObject({ effect: null, matched: [] });
  });

  it('matches when every matcher it sets matches', () => {
    const policy: PolicyDefinition = {
      name: 'sales-orders',
      effect: 'allow',
      roles: ['support', 'sales'],
      permissions: ['order.*'],
      models: ['order'],
      operations: ['update', 'delete'],
    };
    expect(evaluate([policy])).toMatchObject({ effect: 'allow', policy: 'sales-orders' });
    expect(evaluate([policy], { permission: 'product.update' }).effect).toBeNull();
    expect(evaluate([policy], { operation: 'create' }).effect).toBeNull();
    expect(evaluate([policy], { operation: undefined }).effect).toBeNull();
    expect(evaluate([policy], { model: 'Product' }).effect).toBeNull();
    expect(
      evaluate([policy], { principal: { ...context.principal, roles: ['catalog_viewer'] } }).effect,
    ).toBeNull();
  });

  it('matches roles against the effective roles it is given', () => {
    const policy: PolicyDefinition = { name: 'support-only', effect: 'deny', roles: ['support'] };
    expect(evaluate([policy]).effect).toBeNull();
    expect(evaluate([policy], {}, ['sales', 'support']).effect).toBe('deny');
  });

  it('treats OrderItem and order_item as the same model', () => {
    const policy: PolicyDefinition = { name: 'items', effect: 'deny', models: ['order_item'] };
    expect(evaluate([policy], { model: 'OrderItem' }).effect).toBe('deny');
    expect(evaluate([{ ...policy, models: ['OrderItem'] }], { model: 'order_item' }).effect).toBe('deny');
  });

  it('matches fields only when the request names one of them', () => {
    const policy: PolicyDefinition = { name: 'cost', effect: 'deny', fields: ['costPrice'] };
    expect(evaluate([policy]).effect).toBeNull();
    expect(evaluate([policy], { field: 'costPrice' }).effect).toBe('deny');
    expect(evaluate([policy], { field: 'price' }).effect).toBeNull();
  });

  it('lets deny beat allow at equal priority', () => {
    const result = evaluate([
      { name: 'allow', effect: 'allow', priority: 5 },
      { name: 'deny', effect: 'deny', priority: 5 },
    ]);
    expect(result).toMatchObject({ effect: 'deny', policy: 'deny', matched: ['allow', 'deny'] });
  });

  it('lets the higher priority win: allow at 10 beats deny at 5', () => {
    const result = evaluate([
      { name: 'deny', effect: 'deny', priority: 5 },
      { name: 'allow', effect: 'allow', priority: 10 },
    ]);
    expect(result).toMatchObject({ effect: 'allow', policy: 'allow', matched: ['allow', 'deny'] });
    expect(
      evaluate([
        { name: 'deny', effect: 'deny' },
        { name: 'allow', effect: 'allow', priority: -1 },
      ]).effect,
    ).toBe('deny');
  });

  it('names the first declared policy among equals', () => {
    const result = evaluate([
      { name: 'first', effect: 'deny' },
      { name: 'second', effect: 'deny' },
    ]);
    expect(result.policy).toBe('first');
  });

  it('passes the context to conditions', () => {
    const seen: PolicyContext[] = [];
    const condition = (given: PolicyContext) => seen.push(given) > 0 && given.object?.locked === true;
    const policy: PolicyDefinition = { name: 'locked', effect: 'deny', condition };
    expect(evaluate([policy], { object: { locked: true } }).effect).toBe('deny');
    expect(evaluate([policy], { object: { locked: false } }).effect).toBeNull();
    expect(seen).toEqual([
      { ...context, object: { locked: true } },
      { ...context, object: { locked: false } },
    ]);
  });

  it('does not call a condition when a matcher already failed', () => {
    let calls = 0;
    const condition = () => ++calls > 0;
    evaluate([{ name: 'products', effect: 'deny', permissions: ['product.*'], condition }]);
    expect(calls).toBe(0);
  });

  it('fails closed: a deny whose condition throws denies, an allow whose condition throws does not allow', () => {
    const denied = evaluate([{ name: 'guard', effect: 'deny', condition: boom }]);
    expect(denied).toMatchObject({ effect: 'deny', policy: 'guard', matched: ['guard'] });
    expect(denied.conditionErrors).toEqual([{ policy: 'guard', error: new Error('lookup failed') }]);

    const notAllowed = evaluate([{ name: 'opener', effect: 'allow', condition: boom }]);
    expect(notAllowed).toMatchObject({ effect: null, matched: [] });
    expect(notAllowed.conditionErrors).toEqual([{ policy: 'opener', error: new Error('lookup failed') }]);
  });

  it('treats a non-boolean condition result like a throw', () => {
    const promise = (() => Promise.resolve(false)) as unknown as () => boolean;
    const result = evaluate([
      { name: 'async-deny', effect: 'deny', condition: promise },
      { name: 'async-allow', effect: 'allow', priority: 1, condition: promise },
    ]);
    expect(result).toMatchObject({ effect: 'deny', policy: 'async-deny', matched: ['async-deny'] });
    expect(result.conditionErrors.map((error) => String(error.error))).toEqual([
      'TypeError: condition returned a Promise, expected a boolean',
      'TypeError: condition returned a Promise, expected a boolean',
    ]);
  });

  describe('shadow mode', () => {
    it('reports a shadow deny without denying', () => {
      const result = evaluate([{ name: 'trial', effect: 'deny', mode: 'shadow' }]);
      expect(result).toEqual({
        effect: null,
        policy: null,
        matched: ['trial'],
        shadowDenied: true,
        shadowPolicy: 'trial',
        conditionErrors: [],
      });
    });

    it('lets the enforced policies decide', () => {
      const result = evaluate([
        { name: 'allow', effect: 'allow' },
        { name: 'trial', effect: 'deny', mode: 'shadow' },
      ]);
      expect(result).toMatchObject({
        effect: 'allow',
        policy: 'allow',
        shadowDenied: true,
        shadowPolicy: 'trial',
      });
    });

    it('reports nothing when the shadow deny would not have won, or the request is denied anyway', () => {
      expect(
        evaluate([
          { name: 'allow', effect: 'allow', priority: 10 },
          { name: 'trial', effect: 'deny', mode: 'shadow' },
        ]),
      ).toMatchObject({
        effect: 'allow',
        shadowDenied: false,
        shadowPolicy: null,
        matched: ['allow', 'trial'],
      });
      expect(
        evaluate([
          { name: 'trial', effect: 'deny', mode: 'shadow' },
          { name: 'deny', effect: 'deny' },
        ]),
      ).toMatchObject({ effect: 'deny', policy: 'deny', shadowDenied: false });
    });

    it('never allows through a shadow allow', () => {
      expect(evaluate([{ name: 'trial', effect: 'allow', mode: 'shadow' }])).toMatchObject({
        effect: null,
        matched: ['trial'],
        shadowDenied: false,
      });
    });
  });

  describe('validation', () => {
    function refusal(policies: unknown[], message: string): void {
      expect(() => new PolicyEngine(policies as PolicyDefinition[])).toThrow(
        expect.objectContaining({
          name: 'RailConfigurationError',
          message: expect.stringContaining(message),
        }) as RailConfigurationError,
      );
    }

    it('refuses bad permission patterns, naming the policy key', () => {
      refusal(
        [{ name: 'p', effect: 'deny', permissions: ['*.view'] }],
        '"0.permissions.0": invalid permission "*.view"',
      );
    });

    it('refuses duplicate names, empty matchers, unknown keys and bad effects', () => {
      refusal(
        [
          { name: 'p', effect: 'deny' },
          { name: 'p', effect: 'allow' },
        ],
        'policy name "p" is used twice',
      );
      refusal([{ name: 'p', effect: 'deny', models: [] }], '"0.models": expected at least one entry');
      refusal([{ name: 'p', effect: 'deny', role: ['x'] }], 'Unrecognized key: "role"');
      refusal([{ name: 'p', effect: 'block' }], '"0.effect"');
      refusal([{ name: '', effect: 'deny' }], '"0.name"');
      refusal([{ name: 'p', effect: 'deny', condition: 'x.locked' }], '"0.condition": expected a function');
    });

    it('keeps the policies, highest priority first', () => {
      const engine = new PolicyEngine([
        { name: 'low', effect: 'allow', priority: -5 },
        { name: 'high', effect: 'deny', priority: 5 },
        { name: 'zero', effect: 'allow' },
      ]);
      expect(engine.policies.map((policy) => policy.name)).toEqual(['high', 'zero', 'low']);
    });
  });
});
