import { BoundedLabel, OTHER_LABEL } from './bounded-label.js';

describe('BoundedLabel', () => {
  it('keeps the first values up to the cap and folds the rest into (other)', () => {
    const label = new BoundedLabel(2);
    expect(['a', 'b', 'a', 'c', 'b', 'd'].map((value) => label.value(value))).toEqual([
      'a',
      'b',
      'a',
      OTHER_LABEL,
      'b',
      OTHER_LABEL,
    ]);
  });

  it('always keeps known values, which do not count against the cap', () => {
    const label = new BoundedLabel(1, ['Products']);
    expect(label.value('Products')).toBe('Products');
    expect(label.value('Junk1')).toBe('Junk1');
    expect(label.value('Junk2')).toBe(OTHER_LABEL);
    expect(label.value('Products')).toBe('Products');
  });

  it('cuts long values, so that a long name cannot make a long series name', () => {
    const label = new BoundedLabel(10);
    expect(label.value('x'.repeat(500))).toBe('x'.repeat(64));
  });
});
