import { centsToDecimal } from './money.js';

describe('centsToDecimal', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [1999, '19.99'],
    [-250, '-2.50'],
    [999_999_999_999, '9999999999.99'],
  ])('%i cents is %s', (cents, decimal) => {
    expect(centsToDecimal(cents)).toBe(decimal);
  });
});
