// Command-line options of `npm run bench`, validated once so the rest of the
// bench can trust them.
import { parseArgs } from 'node:util';

const usage = `Usage: npm run bench -- [--scale N] [--duration S] [--warmup S] [--connections N] [--skip-build]

  --scale N        seed data size (1 = 1,000 products and 2,000 orders)   default 1
  --duration S     measured seconds per operation and target               default 5
  --warmup S       unmeasured seconds before each measurement              default 1
  --connections N  concurrent HTTP connections of the load generator       default 10
  --skip-build     use dist/ as it is instead of running npm run build

DATABASE_URL=postgres://… benchmarks PostgreSQL (in a scratch database on that
server, dropped at the end); without it, an embedded SQLite file in a temp dir.`;

function number(name, text, { integer = false, zero = false } = {}) {
  const value = Number(text);
  if (!(value > 0 || (zero && value === 0)) || (integer && !Number.isInteger(value))) {
    const kind = `${zero ? 'non-negative' : 'positive'} ${integer ? 'integer' : 'number'}`;
    console.error(`--${name} expects a ${kind}, received ${text}\n`);
    console.error(usage);
    process.exit(2);
  }
  return value;
}

/** The bench's settings from `argv` and the environment. */
export function readOptions(argv = process.argv.slice(2), env = process.env) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        scale: { type: 'string', default: '1' },
        duration: { type: 'string', default: '5' },
        warmup: { type: 'string', default: '1' },
        connections: { type: 'string', default: '10' },
        'skip-build': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    console.error(`${error.message}\n\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  return {
    scale: number('scale', values.scale),
    // autocannon counts whole seconds.
    duration: number('duration', values.duration, { integer: true }),
    warmup: number('warmup', values.warmup, { integer: true, zero: true }),
    connections: number('connections', values.connections, { integer: true }),
    build: !values['skip-build'],
    databaseUrl: env.DATABASE_URL || undefined,
  };
}
