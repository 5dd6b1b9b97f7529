// Starts an HTTP server (the app, or the floor) as a child Node process on a
// free loopback port, waits until it answers, tells its CPU time, and stops it
// again. Its output is kept, and shown only when it fails, so that the bench's
// own output stays readable.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 10_000;
const KEPT_OUTPUT_CHARS = 20_000;

/** A TCP port that nothing listens on right now, on 127.0.0.1. */
export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Spawns `node [...nodeArgs]` with `env` added to this process's environment
 * and resolves once `isReady()` (called every 250 ms) resolves true. Rejects,
 * with the child's output, when the child exits first or does not get ready
 * within two minutes.
 */
export async function startServer({ name, nodeArgs, env, cwd, isReady }) {
  const child = spawn(process.execPath, nodeArgs, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-KEPT_OUTPUT_CHARS);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  // 'close', not 'exit': it comes after the child's output has been read in full.
  let exited = false;
  child.once('close', () => {
    exited = true;
  });
  const fail = async (reason) => {
    await stop();
    throw new Error(`${name} ${reason}. Its output:\n${output}`);
  };

  async function stop() {
    if (exited) return;
    child.kill('SIGTERM');
    const stopped = await Promise.race([once(child, 'close').then(() => true), sleep(STOP_TIMEOUT_MS)]);
    if (!stopped && !exited) {
      child.kill('SIGKILL');
      await once(child, 'close');
    }
  }

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exited) return fail(`exited with code ${child.exitCode} before it was ready`);
    if (await isReady().catch(() => false)) break;
    if (Date.now() > deadline) return fail(`was not ready after ${READY_TIMEOUT_MS / 1000} s`);
    await sleep(250);
  }
  return { pid: child.pid, stop, output: () => output, cpuSeconds: () => cpuSeconds(child.pid) };
}

// Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every
// common architecture.
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system) a process has used so far, from /proc; undefined
 * where there is no /proc. Unlike throughput, it hardly depends on what else
 * runs on the machine.
 */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
