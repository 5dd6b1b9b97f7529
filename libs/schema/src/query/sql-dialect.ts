import type { DataSource } from 'typeorm';
import type { DateUnit } from '@rail/core';

/**
 * The few SQL spellings that differ between PostgreSQL and SQLite. Every
 * `value` is a bound-parameter placeholder, never user text.
 */
export interface SqlDialect {
  escape(identifier: string): string;
  /** Case-sensitive substring tests. */
  contains(column: string, value: string): string;
  startsWith(column: string, value: string): string;
  endsWith(column: string, value: string): string;
  /** A timestamp column as it compares with bound timestamp values. */
  timestamp(column: string): string;
  /** The UTC date (`YYYY-MM-DD` text) a timestamp falls in, truncated to the unit; weeks start on Monday. */
  truncate(column: string, unit: DateUnit): string;
  /** The continuous percentile aggregate, or null where the database has none. */
  percentile(column: string, fraction: number): string | null;
}

const postgres = (dataSource: DataSource): SqlDialect => ({
  escape: (identifier) => dataSource.driver.escape(identifier),
  contains: (column, value) => `strpos(${column}, ${value}) > 0`,
  startsWith: (column, value) => `left(${column}, length(${value})) = ${value}`,
  endsWith: (column, value) => `right(${column}, length(${value})) = ${value}`,
  timestamp: (column) => column,
  truncate: (column, unit) => `to_char(date_trunc('${unit}', ${column} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`,
  percentile: (column, fraction) => `percentile_cont(${fraction}) WITHIN GROUP (ORDER BY ${column})`,
});

const sqlite = (dataSource: DataSource): SqlDialect => ({
  escape: (identifier) => dataSource.driver.escape(identifier),
  contains: (column, value) => `instr(${column}, ${value}) > 0`,
  startsWith: (column, value) => `substr(${column}, 1, length(${value})) = ${value}`,
  // Not substr(column, -length(value)): with an empty value that is substr(column, 0), the whole text.
  endsWith: (column, value) => `substr(${column}, length(${column}) - length(${value}) + 1) = ${value}`,
  // Timestamps are UTC text, with milliseconds when TypeORM wrote them but without when a column
  // default (datetime('now')) did; compare them in the one form bound values have.
  timestamp: (column) => `strftime('%Y-%m-%d %H:%M:%f', ${column})`,
  truncate: (column, unit) => {
    switch (unit) {
      case 'day':
        return `strftime('%Y-%m-%d', ${column})`;
      case 'week':
        return `date(${column}, '-' || ((CAST(strftime('%w', ${column}) AS INTEGER) + 6) % 7) || ' days')`;
      case 'month':
        return `strftime('%Y-%m-01', ${column})`;
      case 'quarter':
        return `printf('%s-%02d-01', strftime('%Y', ${column}), ((CAST(strftime('%m', ${column}) AS INTEGER) - 1) / 3) * 3 + 1)`;
      case 'year':
        return `strftime('%Y-01-01', ${column})`;
    }
  },
  percentile: () => null,
});

export function sqlDialectFor(dataSource: DataSource): SqlDialect {
  return dataSource.options.type === 'postgres' ? postgres(dataSource) : sqlite(dataSource);
}

/** Escapes LIKE wildcards so that user text matches literally (with ESCAPE '\'). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
