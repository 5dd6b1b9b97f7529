import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { addUser } from '../apps/helpdesk/src/accounts.js';
import { AppModule } from '../apps/helpdesk/src/app.module.js';
import { buildStoreApp } from './support/built-store-app.js';
import { testServices } from './support/services.js';

// The second sample app, apps/helpdesk, written from the public APIs and
// docs/first-app.md alone: tickets and comments of tenants, two roles, one
// field policy, audit and health, on SQLite by default and PostgreSQL with
// its generated migration.
const PASSWORD = 'helpdesk demo passphrase';
type Variables = Record<string, unknown>;
/** A GraphQL response as supertest parses it: untyped JSON, read field by field. */
interface GraphqlBody {
  readonly data?: Readonly<Record<string, ReturnType<typeof JSON.parse>>>;
  readonly errors?: ReadonlyArray<{ message: string; extensions: Variables }>;
}

describe('the helpdesk app', () => {
  const { postgresUrl } = testServices();
  const directory = mkdtempSync(join(tmpdir(), 'rail-helpdesk-'));
  const database = `rail_helpdesk_${process.pid}`;
  const env: Record<string, string> = {};
  let app: INestApplication;
  const tokens = new Map<string, string>();
  const ids = { acme: '', globex: '', alice: '', bob: '' };

  async function cli(...args: string[]): Promise<string> {
    const { stdout } = await promisify(execFile)(process.execPath, ['dist/apps/helpdesk/cli.js', ...args], {
      env: { ...process.env, ...env, HELPDESK_PASSWORD: PASSWORD, NODE_ENV: 'test' },
      timeout: 60_000,
    });
    return stdout;
  }

  beforeAll(async () => {
    if (postgresUrl) {
      const server = await new DataSource({ type: 'postgres', url: postgresUrl }).initialize();
      await server.query(`CREATE DATABASE ${database}`);
      await server.destroy();
      const url = new URL(postgresUrl);
      url.pathname = `/${database}`;
      env.DATABASE_URL = url.toString();
    } else {
      env.SQLITE_PATH = join(directory, 'helpdesk.sqlite');
    }
    // The first company and its agent come from the app's own command, as a team starts one.
    await buildStoreApp();
    const first = await cli(
      'init',
      '--company',
      'Acme',
      '--email',
      'agent@acme.example',
      '--name',
      'Ada Agent',
    );
    ids.acme = /Company (\d+) created/.exec(first)![1];
    const second = await cli(
      'init',
      '--company',
      'Globex',
      '--email',
      'agent@globex.example',
      '--name',
      'Gil',
    );
    ids.globex = /Company (\d+) created/.exec(second)![1];
    Object.assign(process.env, env);
    app = await NestFactory.create(AppModule, { bodyParser: false, logger: false, abortOnError: false });
    await app.init();
    const requester = (email: string, displayName: string) =>
      addUser(app, ids.acme, { email, password: PASSWORD, displayName, role: 'requester' });
    ids.alice = (await requester('alice@acme.example', 'Alice')).id;
    ids.bob = (await requester('bob@acme.example', 'Bob')).id;
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    for (const key of Object.keys(env)) delete process.env[key];
    if (postgresUrl) {
      const server = await new DataSource({ type: 'postgres', url: postgresUrl }).initialize();
      await server.query(`DROP DATABASE IF EXISTS ${database}`);
      await server.destroy();
    }
    rmSync(directory, { recursive: true, force: true });
  });

  async function as(email: string, query: string, variables?: Variables) {
    if (!tokens.has(email)) {
      const login = await request(app.getHttpServer())
        .post('/graphql')
        .send({ query: `mutation { login(email: "${email}", password: "${PASSWORD}") { accessToken } }` })
        .expect(200);
      tokens.set(email, login.body.data.login.accessToken as string);
    }
    const response = await request(app.getHttpServer())
      .post('/graphql')
      .set('authorization', `Bearer ${tokens.get(email)}`)
      .send({ query, variables });
    const body: GraphqlBody = response.body;
    return body;
  }

  const openTicket = async (email: string, subject: string) => {
    const body = await as(
      email,
      `mutation($input: CreateTicketInput!) { createTicket(input: $input) { ok ticket { id status companyId requesterId } } }`,
      { input: { subject, description: `${subject}, please` } },
    );
    expect(body.errors).toBeUndefined();
    return body.data!.createTicket.ticket as {
      id: string;
      status: string;
      companyId: string;
      requesterId: string;
    };
  };

  it('answers its health probes', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200);
    await request(app.getHttpServer()).get('/health/ready').expect(200);
  });

  it("opens a requester's ticket with the tenant and the requester taken from the sign-in", async () => {
    const ticket = await openTicket('alice@acme.example', 'Printer on fire');
    expect(ticket).toMatchObject({ status: 'open', companyId: ids.acme, requesterId: ids.alice });
  });

  it("shows requesters their own tickets, agents the whole company's, and nobody another company's", async () => {
    await openTicket('bob@acme.example', 'VPN down');
    const subjects = async (email: string) =>
      (
        (await as(email, '{ tickets(orderBy: [{ id: ASC }]) { subject } }')).data!.tickets as Array<{
          subject: string;
        }>
      ).map((ticket) => ticket.subject);
    expect(await subjects('bob@acme.example')).toEqual(['VPN down']);
    expect(await subjects('agent@acme.example')).toEqual(['Printer on fire', 'VPN down']);
    expect(await subjects('agent@globex.example')).toEqual([]);
  });

  it('keeps the internal note to agents: hidden from requesters, who may not write it', async () => {
    const ticket = await openTicket('alice@acme.example', 'Password reset');
    const noted = await as(
      'agent@acme.example',
      `mutation { updateTicket(id: "${ticket.id}", input: { internalNote: "Caller verified", status: pending }) { ok ticket { internalNote status } } }`,
    );
    expect(noted.data!.updateTicket).toEqual({
      ok: true,
      ticket: { internalNote: 'Caller verified', status: 'pending' },
    });
    const read = await as('alice@acme.example', `{ ticket(id: "${ticket.id}") { status internalNote } }`);
    expect(read.data!.ticket).toEqual({ status: 'pending', internalNote: null });
    const written = await as(
      'alice@acme.example',
      `mutation { updateTicket(id: "${ticket.id}", input: { internalNote: "I am important" }) { ok } }`,
    );
    expect(written.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('lets a requester comment on their own tickets only, and agents on all', async () => {
    const ticket = await openTicket('alice@acme.example', 'New laptop');
    const comment = (email: string) =>
      as(
        email,
        `mutation { createComment(input: { ticketId: "${ticket.id}", body: "Any news?" }) { ok errors { field code } } }`,
      );
    expect((await comment('alice@acme.example')).data!.createComment).toEqual({ ok: true, errors: [] });
    expect((await comment('agent@acme.example')).data!.createComment).toEqual({ ok: true, errors: [] });
    // Bob's scope holds no such ticket: it is not found, as for any row outside it.
    const bob = await comment('bob@acme.example');
    expect(bob.data!.createComment).toEqual({
      ok: false,
      errors: [{ field: 'input.ticketId', code: 'NOT_FOUND' }],
    });
    const comments = await as('alice@acme.example', `{ ticket(id: "${ticket.id}") { comments { body } } }`);
    expect(comments.data!.ticket.comments).toHaveLength(2);
  });

  it('records ticket writes in the audit trail, which agents read and requesters do not', async () => {
    const events = await as(
      'agent@acme.example',
      `{ auditEvents(where: { model: { eq: "Ticket" }, eventType: { eq: "entity.created" } }) { entityId actorId } }`,
    );
    expect(events.errors).toBeUndefined();
    expect(events.data!.auditEvents.length).toBeGreaterThanOrEqual(4);
    expect(events.data!.auditEvents.map((event: { actorId: string }) => event.actorId)).toContain(ids.alice);
    const denied = await as('alice@acme.example', '{ auditEvents { id } }');
    expect(denied.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});
