import { UnauthorizedException } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { Redis, ReplyError } from 'ioredis';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { QueryFailedError } from 'typeorm';
import { isInfrastructureError } from './infrastructure-error.js';
import { RailError } from './rail.error.js';
import { RailErrorCode } from './rail-error-code.enum.js';

/** A port nothing listens on: listened on once, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A server that accepts connections and never answers: a stalled dependency. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function rejectionOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('isInfrastructureError', () => {
  it('recognises the errors pg really raises for a refused and a stalled database', async () => {
    const refused = await rejectionOf(async () => {
      const client = new pg.Client({ host: '127.0.0.1', port: await closedPort(), user: 'x' });
      await client.connect();
    });
    expect(isInfrastructureError(refused)).toBe(true);

    const silent = await silentServer();
    try {
      const pool = new pg.Pool({ host: '127.0.0.1', port: silent.port, connectionTimeoutMillis: 100 });
      const stalled = await rejectionOf(() => pool.query('SELECT 1'));
      await pool.end();
      expect((stalled as Error).message).toMatch(/timeout/);
      expect(isInfrastructureError(stalled)).toBe(true);
    } finally {
      await silent.close();
    }
  });

  it('recognises the errors ioredis really raises without an offline queue and on a command timeout', async () => {
    const down = new Redis(await closedPort(), '127.0.0.1', {
      enableOfflineQueue: false,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    down.on('error', () => undefined);
    expect(isInfrastructureError(await rejectionOf(() => down.get('k')))).toBe(true);
    down.disconnect();

    const silent = await silentServer();
    const stalled = new Redis(silent.port, '127.0.0.1', {
      commandTimeout: 100,
      lazyConnect: true,
      enableReadyCheck: false,
      retryStrategy: () => null,
    });
    stalled.on('error', () => undefined);
    try {
      await stalled.connect();
      const timedOut = await rejectionOf(() => stalled.get('k'));
      expect((timedOut as Error).message).toBe('Command timed out');
      expect(isInfrastructureError(timedOut)).toBe(true);
    } finally {
      stalled.disconnect();
      await silent.close();
    }
  });

  it('looks through the wrappers of TypeORM, GraphQL, causes and AggregateError', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(isInfrastructureError(new QueryFailedError('SELECT 1', [], reset))).toBe(true);
    expect(isInfrastructureError(new GraphQLError('x', { originalError: reset }))).toBe(true);
    expect(isInfrastructureError(new Error('outer', { cause: reset }))).toBe(true);
    expect(isInfrastructureError(new AggregateError([new Error('a'), reset]))).toBe(true);
    const tooManyConnections = Object.assign(new Error('sorry, too many clients already'), {
      code: '53300',
    });
    expect(isInfrastructureError(tooManyConnections)).toBe(true);
    expect(isInfrastructureError(new ReplyError('LOADING Redis is loading the dataset in memory'))).toBe(
      true,
    );
  });

  it('is false for every answer a dependency did give, and for bugs', () => {
    const uniqueViolation = Object.assign(new Error('duplicate key'), { code: '23505' });
    const cancelled = Object.assign(new Error('canceling statement due to statement timeout'), {
      code: '57014',
    });
    const cycle: { cause?: unknown } = {};
    cycle.cause = cycle;
    for (const answer of [
      new QueryFailedError('INSERT', [], uniqueViolation),
      new QueryFailedError('SELECT', [], cancelled),
      new ReplyError('ERR unknown command'),
      new UnauthorizedException('Authentication required'),
      new RailError(RailErrorCode.NOT_FOUND, 'No such order'),
      new TypeError("Cannot read properties of undefined (reading 'id')"),
      cycle,
      null,
      'ECONNREFUSED',
    ]) {
      expect(isInfrastructureError(answer)).toBe(false);
    }
  });
});
