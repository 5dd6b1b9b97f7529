import { closestName, didYouMean } from './closest-name.js';

describe('closestName: the "did you mean" of a misspelt name', () => {
  const models = ['product', 'order', 'order_item', 'customer', 'category'];

  it('finds a swapped, a missing and an extra letter', () => {
    expect(closestName('prodcut', models)).toBe('product');
    expect(closestName('ordr', models)).toBe('order');
    expect(closestName('customers', models)).toBe('customer');
    expect(closestName('orderitem', models)).toBe('order_item');
  });

  it('suggests nothing for an unrelated name, or for the name itself', () => {
    expect(closestName('invoice', models)).toBeUndefined();
    expect(closestName('product', ['product'])).toBeUndefined();
    expect(didYouMean('invoice', models)).toBe('');
    expect(didYouMean('manger', ['manager', 'clerk'])).toBe(' (did you mean manager?)');
  });
});
