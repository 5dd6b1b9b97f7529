// The floor's rows as the `data` of a GraphQL response: the bench's floor
// server answers with it, and test/bench-operations.e2e-spec.ts compares it
// with what Rail answers.

/** SQLite hands JSON built in SQL back as text; pg has already parsed it. */
function parseJsonColumns(rows, columns) {
  for (const row of rows) {
    for (const column of columns) {
      if (typeof row[column] === 'string') row[column] = JSON.parse(row[column]);
    }
  }
  return rows;
}

/** `{ [field]: rows }`, or the first row for a `single` operation (a report, a write's payload). */
export function floorData(operation, rows) {
  const parsed = parseJsonColumns(rows, operation.jsonColumns);
  return { [operation.field]: operation.single ? parsed[0] : parsed };
}
