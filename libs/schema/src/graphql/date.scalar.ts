import { parseCalendarDate, RailErrorCode } from '@rail/core';
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

function refused(received: string): GraphQLError {
  return new GraphQLError(
    `Date values are calendar days as YYYY-MM-DD between years 0001 and 9999, e.g. "2026-03-01"; received ${received}`,
    { extensions: { code: RailErrorCode.BAD_USER_INPUT } },
  );
}

function parseDate(value: unknown): string {
  const date = typeof value === 'string' ? parseCalendarDate(value) : undefined;
  if (date === undefined) throw refused(JSON.stringify(value) ?? String(value));
  return date;
}

/**
 * Calendar dates (`date` columns) as `YYYY-MM-DD` text: a day that exists
 * (no 2026-02-30), so the database never sees one it must refuse or roll over.
 */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date as YYYY-MM-DD, e.g. "2026-03-01".',
  // Drivers hand a date column back as text (PostgreSQL) or, with some settings, as a Date.
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : parseDate(value)),
  parseValue: parseDate,
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind !== Kind.STRING) throw refused(`a ${ast.kind.toLowerCase()} literal`);
    return parseDate(ast.value);
  },
});
