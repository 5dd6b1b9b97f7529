/** A plain number ("-12.50") is data, not a formula, even with a leading minus. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;
/** What a spreadsheet may read as the start of a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell text that no spreadsheet runs: text that starts like a formula gets
 * a leading apostrophe, which shows it as text. Plain numbers are left alone.
 */
export function spreadsheetSafe(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}
