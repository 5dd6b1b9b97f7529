import { decimalStringTransformer } from './decimal-column.decorator.js';

describe('decimalStringTransformer', () => {
  const money = decimalStringTransformer(2);

  it('gives SQLite floats exactly `scale` decimals', () => {
    expect(money.from(12.3)).toBe('12.30');
    expect(money.from(0.1 + 0.2)).toBe('0.30');
    expect(money.from(9999999999.99)).toBe('9999999999.99');
  });

  it('keeps PostgreSQL strings as they are and null as null', () => {
    expect(money.from('12.30')).toBe('12.30');
    expect(money.from(null)).toBeNull();
  });
});
