import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const BUILD_LIMIT_MS = 5 * 60_000;
const START_LIMIT_MS = 90_000;

/**
 * Brings `dist/` up to date with `tsc -b` (incremental: seconds when CI has
 * built already, a full build on a fresh clone).
 */
export async function buildStoreApp(): Promise<void> {
  try {
    await promisify(execFile)(
      process.execPath,
      ['node_modules/typescript/bin/tsc', '-b', 'tsconfig.build.json'],
      { timeout: BUILD_LIMIT_MS, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run build failed:\n${stdout}${stderr}`, { cause: error });
  }
}

export interface BuiltStoreApp {
  readonly url: string;
  /** What the app wrote to standard output (pino's JSON lines), line by line. */
  readonly stdout: string[];
  /** SIGTERM, as Kubernetes stops a pod: the app drains, then exits. */
  stop(): Promise<void>;
  /** SIGKILL: the process dies mid-work, as in an OOM kill or a node failure. */
  kill(): Promise<void>;
}

/** A free port on 127.0.0.1, for an app that has to be told its port. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Runs the built sample app as production runs it (`node --import
 * @rail/observability/register dist/apps/store-api/main.js`) in a child
 * process with only the given environment, and waits for its start-up probe.
 */
export async function startBuiltStoreApp(env: Readonly<Record<string, string>>): Promise<BuiltStoreApp> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', '@rail/observability/register', 'dist/apps/store-api/main.js'],
    {
      cwd: process.cwd(),
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? tmpdir(),
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(port),
        RAIL_EXPORT_DIRECTORY: join(tmpdir(), `rail-exports-built-${port}`),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const stdout: string[] = [];
  const stderr: string[] = [];
  let pending = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    stdout.push(...lines.filter((line) => line !== ''));
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
  };

  const kill = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await exited;
  };

  const deadline = Date.now() + START_LIMIT_MS;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(
        `The built app exited (${child.exitCode}):\n${stderr.join('')}\n${stdout.slice(-20).join('\n')}`,
      );
    const status = await fetch(`${url}/health/startup`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return { url, stdout, stop, kill };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `The built app did not start in time:\n${stderr.join('')}\n${stdout.slice(-20).join('\n')}`,
      );
    }
    await sleep(200);
  }
}
