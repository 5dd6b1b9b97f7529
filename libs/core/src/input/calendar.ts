/**
 * Calendar checks shared by the DateTime and Date scalars and the filter
 * checks. Years are 0001–9999: what PostgreSQL, SQLite's date functions and
 * ISO 8601 without an expanded year agree on. JavaScript's Date parser alone
 * is no check: it rolls 2026-02-30 over to March 2nd and takes year 275760.
 */

/** The earliest and latest instants a DateTime may name. */
export const EARLIEST_INSTANT = new Date('0001-01-01T00:00:00.000Z').getTime();
export const LATEST_INSTANT = new Date('9999-12-31T23:59:59.999Z').getTime();

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** True when year-month-day is a day of the (proleptic Gregorian) calendar. */
function isCalendarDay(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one; Date.UTC maps years 0–99 to 1900+, hence setUTCFullYear.
  const last = new Date(0);
  last.setUTCFullYear(year, month, 0);
  return day <= last.getUTCDate();
}

/** A `YYYY-MM-DD` calendar date, or undefined. */
export function parseCalendarDate(text: string): string | undefined {
  const match = DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = match.slice(1, 4).map(Number);
  return isCalendarDay(year, month, day) ? text : undefined;
}

/** An RFC 3339 date-time with a time zone (`Z` or `±hh:mm`), within year 0001–9999 UTC, or undefined. */
export function parseInstant(text: string): Date | undefined {
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second = 0, offsetHours = 0, offsetMinutes = 0] = match
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));
  if (!isCalendarDay(year, month, day)) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const instant = new Date(text);
  const time = instant.getTime();
  if (Number.isNaN(time) || time < EARLIEST_INSTANT || time > LATEST_INSTANT) return undefined;
  return instant;
}
