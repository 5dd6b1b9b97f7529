import { type RailConfigurationError } from '@rail/core';
import { grants, isValidPermission, parsePermission, permissionMatches } from './permission.js';

describe('parsePermission', () => {
  it('splits model, action and context', () => {
    expect(parsePermission('product.view')).toEqual({
      text: 'product.view',
      model: 'product',
      action: 'view',
      context: null,
    });
    expect(parsePermission('order.update_own')).toMatchObject({
      model: 'order',
      action: 'update',
      context: 'own',
    });
    expect(parsePermission('task.view_assigned')).toMatchObject({
      model: 'task',
      action: 'view',
      context: 'assigned',
    });
    expect(parsePermission('order_item.*')).toMatchObject({
      model: 'order_item',
      action: null,
      context: null,
    });
    expect(parsePermission('*')).toMatchObject({ model: null, action: null, context: null });
  });

  it('treats "own" alone as a plain action, not a context', () => {
    expect(parsePermission('order.own')).toMatchObject({ action: 'own', context: null });
  });

  it.each(['product.view', 'order.update_own', 'orderItem.bulkUpdate', 'report.run', 'product.*', '*'])(
    'accepts %s',
    (text) => expect(isValidPermission(text)).toBe(true),
  );

  it.each([
    '',
    'product',
    'product.',
    '.view',
    'Product.view',
    'product.View',
    'product.view.extra',
    'product view',
    'order._own',
    'order.update__own',
    '1product.view',
    `product.${'a'.repeat(130)}`,
  ])('refuses %j, naming it and what is allowed', (text) => {
    expect(isValidPermission(text)).toBe(false);
    expect(() => parsePermission(text)).toThrow(
      expect.objectContaining({
        name: 'RailConfigurationError',
        message: expect.stringContaining(`invalid permission ${JSON.stringify(text)}`),
      }) as RailConfigurationError,
    );
  });

  it.each(['*.view', 'pro*.view', 'product.vi*', 'product.**', '*.*', 'order.*_own'])(
    'refuses the wildcard in %s, saying where wildcards may stand',
    (text) => {
      expect(isValidPermission(text)).toBe(false);
      expect(() => parsePermission(text)).toThrow(/a wildcard may only be the whole last part/);
    },
  );

  it('refuses what is not text, as a roles file written in YAML can give (a number, a list)', () => {
    expect(isValidPermission(42 as unknown as string)).toBe(false);
    expect(() => parsePermission(42 as unknown as string)).toThrow(
      /invalid permission 42: expected "<model>.<action>"/,
    );
  });

  it('describes the allowed syntax', () => {
    expect(() => parsePermission('Product.View')).toThrow(
      /expected "<model>\.<action>".*"<model>\.\*" or "\*"/,
    );
  });
});

describe('grants', () => {
  it.each([
    ['product.view', 'product.view', 'yes'],
    ['product.view', 'product.update', 'no'],
    ['product.view', 'category.view', 'no'],
    ['product.*', 'product.view', 'yes'],
    ['product.*', 'product.export', 'yes'],
    ['product.*', 'category.view', 'no'],
    ['*', 'anything.at_all', 'yes'],
    ['*', 'order.update_own', 'yes'],
    ['order.update_own', 'order.update', 'own'],
    ['task.view_assigned', 'task.view', 'assigned'],
    ['order.update_own', 'order.view', 'no'],
    ['order.update_own', 'order.update_own', 'yes'],
    ['order.update_own', 'order.update_assigned', 'no'],
    ['order.update', 'order.update', 'yes'],
    ['order.update', 'order.update_own', 'yes'],
    ['order.*', 'order.update_own', 'yes'],
    ['order.*', 'order.*', 'yes'],
    ['order.update', 'order.*', 'no'],
    ['order.*', '*', 'no'],
    ['*', '*', 'yes'],
  ])('%s grants %s: %s', (granted, required, expected) => {
    expect(grants(granted, required)).toBe(expected);
  });

  it('refuses bad syntax on either side', () => {
    expect(() => grants('*.view', 'product.view')).toThrow(/"\*\.view"/);
    expect(() => grants('product.view', 'product')).toThrow(/"product"/);
  });
});

describe('permissionMatches', () => {
  it('matches only outright grants', () => {
    expect(permissionMatches('order.*', 'order.update')).toBe(true);
    expect(permissionMatches('order.update', 'order.update_own')).toBe(true);
    expect(permissionMatches('order.update_own', 'order.update')).toBe(false);
    expect(permissionMatches('order.*', 'product.view')).toBe(false);
  });
});
