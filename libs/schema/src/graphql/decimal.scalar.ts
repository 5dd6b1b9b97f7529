import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const DECIMAL = /^-?\d{1,30}(\.\d{1,30})?$/;

/** Digits with an optional fraction, at most 30 of each: no exponent, no NaN, nothing a float would round. */
export function isDecimalText(value: string): boolean {
  return DECIMAL.test(value);
}

function parseDecimal(value: unknown): string {
  if (typeof value === 'string' && isDecimalText(value)) return value;
  throw new GraphQLError(
    `Decimal values are strings of digits with an optional fraction, e.g. "12.30"; received ${JSON.stringify(value)}`,
    { extensions: { code: 'BAD_USER_INPUT' } },
  );
}

/**
 * Exact decimal numbers (money) as strings, end to end: never a float on the
 * wire, so `0.1 + 0.2` problems cannot happen in a client either.
 */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'An exact decimal number as a string, e.g. "1299.90".',
  serialize: (value) => (typeof value === 'number' ? String(value) : parseDecimal(value)),
  parseValue: parseDecimal,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('Decimal literals are strings, e.g. "12.30"', {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    return parseDecimal(ast.value);
  },
});
