import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { RailErrorCode } from '../errors/rail-error-code.enum.js';
import { parseInstant } from '../input/calendar.js';

function refused(received: string): GraphQLError {
  return new GraphQLError(
    `DateTime values are RFC 3339 date-times with a time zone between years 0001 and 9999, e.g. "2026-03-01T09:30:00Z"; received ${received}`,
    { extensions: { code: RailErrorCode.BAD_USER_INPUT } },
  );
}

function parseDateTime(value: unknown): Date {
  const instant = typeof value === 'string' ? parseInstant(value) : undefined;
  if (!instant) throw refused(JSON.stringify(value) ?? String(value));
  return instant;
}

/**
 * Rail's `DateTime`, in place of @nestjs/graphql's GraphQLISODateTime, whose
 * `new Date(anything)` let "not-a-date", `{}` or year 275760 through to the
 * database as an Invalid Date or a value it cannot store. Output is unchanged:
 * a Date as its ISO string. Refusals carry BAD_USER_INPUT; GraphQL adds the
 * variable path, and the error formatter keeps the code for literals.
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string | null>({
  name: 'DateTime',
  description:
    'A date-time string at UTC, such as 2019-12-03T09:54:33Z, compliant with the date-time format.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : null),
  parseValue: parseDateTime,
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind !== Kind.STRING) throw refused(`a ${ast.kind.toLowerCase()} literal`);
    return parseDateTime(ast.value);
  },
});
