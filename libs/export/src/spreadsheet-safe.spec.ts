import { spreadsheetSafe } from './spreadsheet-safe.js';

describe('spreadsheetSafe', () => {
  it.each(['=1+2', '+cmd', '-2+3', '@SUM(A1)', '\tTAB', '\rCR', '=HYPERLINK("http://evil")'])(
    'shows %j as text',
    (text) => {
      expect(spreadsheetSafe(text)).toBe(`'${text}`);
    },
  );

  it.each(['Drill', '-12.50', '+3', '42', 'a=b', 'x@y.example', ''])('leaves %j alone', (text) => {
    expect(spreadsheetSafe(text)).toBe(text);
  });
});
