import { DecisionCache, principalShape } from './decision-cache.js';

const sales = { userId: '5', companyId: '1', roles: ['sales', 'support'], authMethods: ['pwd'] };

describe('DecisionCache', () => {
  it('shares one entry between the requests of one principal shape, whatever the order of its roles', () => {
    const cache = new DecisionCache(60_000, 10);
    const first = cache.for(sales);
    expect(cache.for({ ...sales, roles: ['support', 'sales'] })).toBe(first);
  });

  it('keeps principals apart by user, tenant, roles and sign-in methods', () => {
    const shapes = new Set(
      [
        sales,
        { ...sales, userId: '6' },
        { ...sales, companyId: '2' },
        { ...sales, roles: ['sales'] },
        { ...sales, authMethods: ['pwd', 'otp'] },
        undefined,
      ].map(principalShape),
    );
    expect(shapes.size).toBe(6);
  });

  it('starts afresh once the entry has expired', async () => {
    const cache = new DecisionCache(20, 10);
    const first = cache.for(sales);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(cache.for(sales)).not.toBe(first);
  });

  it('shares nothing when its time to live is 0', () => {
    expect(new DecisionCache(0, 10).for(sales)).toBeUndefined();
  });

  it('drops the oldest principal when full', () => {
    const cache = new DecisionCache(60_000, 2);
    const first = cache.for(sales);
    cache.for({ ...sales, userId: '6' });
    cache.for({ ...sales, userId: '7' });
    expect(cache.for(sales)).not.toBe(first);
  });
});
