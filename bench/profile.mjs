// `npm run bench:profile -- --operation flat`: where the app's CPU time goes
// while it serves one operation of the bench. It seeds a database as the bench
// does, starts the built app under `node --cpu-prof`, drives the operation
// (warm-up, then the measured seconds), stops the app (which writes its
// profile) and prints the measured window's time by package and function.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startApp } from './app-process.mjs';
import { authHeaders, runSecrets } from './auth.mjs';
import { prepareDatabase } from './database.mjs';
import { measure, operationRequest } from './load.mjs';
import { operationById, operations } from './operations.mjs';
import { profileMarkdown, summarizeProfile } from './profile-summary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    operation: { type: 'string', default: 'flat' },
    scale: { type: 'string', default: '1' },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '3' },
  },
});
const operation = operationById(values.operation);
if (!operation) {
  console.error(`No operation ${values.operation}; one of ${operations.map(({ id }) => id).join(', ')}`);
  process.exit(2);
}
const progress = (message) => console.error(`bench:profile: ${message}`);

const secrets = runSecrets();
const profiles = mkdtempSync(join(tmpdir(), 'rail-profile-'));
const database = await prepareDatabase({
  root,
  scale: Number(values.scale),
  password: secrets.seedPassword,
  databaseUrl: process.env.DATABASE_URL || undefined,
});
try {
  const startedAt = Date.now();
  const app = await startApp({
    root,
    database,
    secrets,
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profiles}`],
  });
  const headers = await authHeaders(app.url, secrets.seedPassword);
  const { request, setupRequest } = operationRequest(
    app.url,
    operation,
    headers,
    `P-${process.pid.toString(36)}-`,
  );
  const load = { connections: 10, warmup: Number(values.warmup), duration: 0 };
  await measure({ ...request, ...load, duration: Number(values.warmup), warmup: 0, setupRequest });
  const fromMs = Date.now() - startedAt;
  const result = await measure({
    ...request,
    ...load,
    duration: Number(values.duration),
    warmup: 0,
    setupRequest,
  });
  const toMs = Date.now() - startedAt;
  await app.stop();
  progress(`${operation.id}: ${Math.round(result.requestsPerSecond)} req/s while profiled`);
  const [file] = readdirSync(profiles).filter((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error('The app wrote no CPU profile (did it exit cleanly?)');
  // The profile starts with the process; the window is placed from the app's start, within a few ms.
  console.log(
    `### ${operation.label}\n\n${profileMarkdown(summarizeProfile(join(profiles, file), { fromMs, toMs }))}`,
  );
} finally {
  await database.drop();
  rmSync(profiles, { recursive: true, force: true });
}
