import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLInputType,
} from 'graphql';

/** A value printed as is, in JSON and in a GraphQL literal: `1e999`, an enum value. */
export class Raw {
  constructor(
    readonly json: string,
    readonly literal: string = json,
  ) {}
}

export type FuzzValue = Raw | null | boolean | number | string | FuzzValue[] | { [key: string]: FuzzValue };

/** Mulberry32: a small seeded generator, so every run sends the same cases. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const chosen: T[] = [];
  while (chosen.length < count && pool.length > 0)
    chosen.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
  return chosen;
}

/** A value the type accepts, with every required field set: the background a malformed value is put into. */
export function validValue(type: GraphQLInputType, depth = 0): FuzzValue {
  if (isNonNullType(type)) return validValue(type.ofType, depth);
  if (isListType(type)) return [validValue(type.ofType, depth)];
  if (isEnumType(type)) {
    const [first] = type.getValues();
    return new Raw(JSON.stringify(first.name), first.name);
  }
  if (isInputObjectType(type)) {
    const value: Record<string, FuzzValue> = {};
    if (depth > 4) return value;
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined)
        value[field.name] = validValue(field.type, depth + 1);
    }
    return value;
  }
  switch (type.name) {
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    case 'ID':
      return '1';
    case 'DateTime':
      return '2026-01-01T00:00:00Z';
    case 'Date':
      return '2026-01-01';
    case 'Decimal':
      return '1.00';
    case 'JSON':
      return {};
    default:
      return 'fuzz';
  }
}

const deepJson = (levels: number): FuzzValue => {
  let value: FuzzValue = 'leaf';
  for (let level = 0; level < levels; level += 1) value = level % 2 ? [value] : { a: value };
  return value;
};

const wrongTypes: FuzzValue[] = [{ $ne: 1 }, [], true, 12.5, 'x', { gte: { $ne: 1 } }];
const badText: FuzzValue[] = ['\u0000', 'a\u0000b', 'a\ud800b', '\udc00', '\ud83d', 'x'.repeat(20_000), ''];
const hugeNumbers: FuzzValue[] = [
  new Raw('1e999'),
  new Raw('-1e999'),
  2147483648,
  -2147483649,
  new Raw('9007199254740993'),
  1e308,
  -0.5,
  new Raw('1e-400'),
];
const badDates: FuzzValue[] = [
  'not-a-date',
  '+275761-01-01T00:00:00Z',
  '275760-09-13T00:00:00Z',
  '2026-02-30T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '2026-01-01',
  '1e999',
  1767225600000,
];

/** Malformed values for one input position, chosen by its named type. */
export function malformedValues(type: GraphQLInputType): FuzzValue[] {
  const named = getNamedType(type);
  const byName: Record<string, FuzzValue[]> = {
    String: [...badText, 'x'.repeat(300), '99999999999999999999', "'; DROP TABLE x; --"],
    ID: [...badText, '99999999999999999999', '-1', '1.5', '1e999', ' 1', '0x10', 0, -1, 2147483648],
    Int: [...hugeNumbers, 0, -1, 2147483647, -2147483648, '1'],
    Float: [...hugeNumbers, '1e999', 'NaN'],
    Boolean: ['true', 0, 1],
    DateTime: [...badDates, '9999-12-31T23:59:59.999Z', '0001-01-01T00:00:00Z', '2026-01-01T00:00:00+14:00'],
    Date: [...badDates, '2026-02-30', '2026-02-29', '0000-01-01', '9999-12-31', '2026-1-1'],
    Decimal: [
      '1e999',
      'abc',
      '',
      '-',
      '1.',
      '.5',
      'NaN',
      'Infinity',
      '9'.repeat(31),
      `1.${'9'.repeat(31)}`,
      12.5,
    ],
    JSON: [
      deepJson(50),
      deepJson(200),
      { $ne: 1 },
      { createdAt: { gte: { $ne: 1 } } },
      { id: { in: 'x' } },
      { AND: { id: { eq: '1' } } },
      { NOT: [] },
      { quick: { a: 1 } },
      { nope: 1 },
      [1, 2, 3],
      'text',
      new Raw('1e999'),
      { a: '\u0000' },
      { ['\u0000']: 1 },
      Array.from({ length: 2_000 }, (_, index) => ({ id: { eq: String(index) } })),
    ],
  };
  const own = byName[named.name] ?? (isEnumType(named) ? ['NOT_A_VALUE', 'x\u0000'] : []);
  const lists: FuzzValue[] = isListType(isNonNullType(type) ? type.ofType : type)
    ? [[], Array.from({ length: 5_000 }, () => validValue(named)), [null]]
    : [];
  return [...own, ...lists, ...wrongTypes, null];
}

/** A value as JSON text; Raw values go in unquoted (JSON.parse reads 1e999 as Infinity). */
export function toJson(value: FuzzValue): string {
  if (value instanceof Raw) return value.json;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}:${toJson(item)}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** A value as a GraphQL literal; keys that are not names (`$ne`) make the literal invalid, as they should. */
export function toLiteral(value: FuzzValue): string {
  if (value instanceof Raw) return value.literal;
  if (Array.isArray(value)) return `[${value.map(toLiteral).join(', ')}]`;
  if (value !== null && typeof value === 'object')
    return `{ ${Object.entries(value)
      .map(
        ([key, item]) =>
          `${/^[_A-Za-z][_0-9A-Za-z]*$/.test(key) ? key : JSON.stringify(key)}: ${toLiteral(item)}`,
      )
      .join(', ')} }`;
  return JSON.stringify(value);
}
