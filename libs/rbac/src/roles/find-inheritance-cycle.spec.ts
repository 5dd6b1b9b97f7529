import { findInheritanceCycle } from './find-inheritance-cycle.js';

const graph = (entries: Record<string, string[]>) => new Map(Object.entries(entries));

describe('findInheritanceCycle', () => {
  it('finds none in a diamond', () => {
    expect(
      findInheritanceCycle(
        graph({ viewer: [], editor: ['viewer'], sales: ['viewer'], admin: ['editor', 'sales'] }),
      ),
    ).toBeUndefined();
  });

  it('returns the closing path, starting where the cycle starts', () => {
    expect(findInheritanceCycle(graph({ root: ['a'], a: ['b'], b: ['c'], c: ['a'] }))).toEqual([
      'a',
      'b',
      'c',
      'a',
    ]);
    expect(findInheritanceCycle(graph({ self: ['self'] }))).toEqual(['self', 'self']);
  });

  it('ignores parents it does not know (reported separately)', () => {
    expect(findInheritanceCycle(graph({ a: ['ghost'] }))).toBeUndefined();
  });
});
