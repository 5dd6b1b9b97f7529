// Turns the measurements into the bench's two outputs: an aligned text table
// for the terminal and the same table in Markdown, to paste into
// docs/performance.md.

const headers = [
  'operation',
  'Rail req/s',
  'Rail p99 ms',
  'SQL statements/request',
  'floor req/s',
  'floor p99 ms',
  'ratio Rail/floor',
  'Rail CPU ms/request',
  'floor CPU ms/request',
];

const NONE = '–';

function integer(value) {
  return Math.round(value).toLocaleString('en-US');
}

function milliseconds(value) {
  return value === undefined ? NONE : value.toFixed(2);
}

/** One row of cells per operation, plus the notes its cells point to. */
function cells(results) {
  const notes = [];
  const note = (text) => {
    notes.push(text);
    return ` [${notes.length}]`;
  };
  const rows = results.map(({ operation, rail, floor, sameData }) => {
    let name = operation.label;
    if (sameData === false) name += note(`${operation.id}: Rail and the floor returned different data.`);
    if (rail?.failures) name += note(`${operation.id}: ${rail.failures} Rail requests failed.`);
    if (floor.failures) name += note(`${operation.id}: ${floor.failures} floor requests failed.`);
    return [
      name,
      rail ? integer(rail.requestsPerSecond) : operation.railNote,
      rail ? String(rail.p99Ms) : NONE,
      rail ? String(rail.statements) : NONE,
      integer(floor.requestsPerSecond),
      String(floor.p99Ms),
      rail ? (rail.requestsPerSecond / floor.requestsPerSecond).toFixed(2) : NONE,
      rail ? milliseconds(rail.cpuMsPerRequest) : NONE,
      milliseconds(floor.cpuMsPerRequest),
    ];
  });
  return { rows, notes };
}

/** What was measured where, as lines. */
function describe(context) {
  return [
    `database: ${context.database}`,
    `data: scale ${context.scale} (${context.rows})`,
    `client: ${context.client}`,
    `load: ${context.connections} connections, ${context.warmup} s warm-up + ${context.duration} s measured per operation and target`,
    `machine: ${context.machine}`,
    `run: ${context.run}`,
  ];
}

/** The aligned plain-text table. */
export function textTable(results, context) {
  const { rows, notes } = cells(results);
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => row[column].length)),
  );
  // The operation names read left-aligned, the numbers right-aligned.
  const line = (row) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[0]) : cell.padStart(widths[column])))
      .join('  ');
  return [
    ...describe(context),
    '',
    line(headers),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...rows.map(line),
    ...notes.map((text, index) => `[${index + 1}] ${text}`),
  ].join('\n');
}

/** The same table in Markdown. */
export function markdownTable(results, context) {
  const { rows, notes } = cells(results);
  const line = (row) => `| ${row.join(' | ')} |`;
  return [
    ...describe(context).map((text) => `- ${text}`),
    '',
    line(headers),
    line(headers.map((_, column) => (column === 0 ? '---' : '---:'))),
    ...rows.map(line),
    ...(notes.length > 0 ? ['', ...notes.map((text, index) => `- [${index + 1}] ${text}`)] : []),
  ].join('\n');
}
