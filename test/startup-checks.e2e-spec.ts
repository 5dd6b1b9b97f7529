// Start-up catches meaning-level mistakes (a misspelt permission, role or path), all of them at once,
// on a small app of its own (the sample store's cases are in startup-refusal.e2e-spec.ts: @nestjs/typeorm
// keeps the entities of every app built in a process, so the two cannot share a test file).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamicModule, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  describeStartupError,
  ModelReader,
  OwnedBy,
  RailConfigurationError,
  RailModule,
  TenantScoped,
} from '@rail/core';
import { RailAuditModule } from '@rail/audit';
import { RailExportModule } from '@rail/export';
import { FieldPolicy, RailFieldSecurityModule } from '@rail/field-security';
import { RailRbacModule } from '@rail/rbac';
import { RailSchemaModule } from '@rail/schema';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { CapturedLogs } from './support/captured-logs.js';

const directory = mkdtempSync(join(tmpdir(), 'rail-startup-checks-'));
// The small apps run on SQLite files of their own, even in the PostgreSQL pass: their tables stay out of the run's database.
const databaseUrl = process.env.DATABASE_URL;
beforeAll(() => delete process.env.DATABASE_URL);
afterAll(() => {
  if (databaseUrl !== undefined) process.env.DATABASE_URL = databaseUrl;
  rmSync(directory, { recursive: true, force: true });
});

/** A roles file of its own for one test: `yaml` as given. */
function rolesFile(yaml: string): string {
  const path = join(directory, `roles-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(path, yaml);
  return path;
}

/** What stopped a start that was expected to fail. */
async function failureOf(starting: Promise<unknown>): Promise<string> {
  const failure = await starting.then(
    () => new Error('expected start-up to fail'),
    (error: unknown) => error,
  );
  return describeStartupError(failure);
}

const quiet = { log: () => undefined, error: () => undefined, warn: () => undefined };

/** The user of the small app below; rbac reads their roles. */
@Entity()
class Clerk {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'simple-json' }) roles!: string[];
  @Column({ type: 'int', nullable: true }) companyId!: number | null;
}

@Entity()
class Ticket {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'int' }) companyId!: number;
  @Column({ type: 'int' }) ownerId!: number;
  @Column({ type: 'varchar', length: 200 }) note!: string;
}

const ROLES = `
roles:
  manager:
    permissions: [ticket.view, ticket.update]
  clerk:
    permissions: [ticket.view_own, ticket.create]
`;

interface Declared {
  readonly roles?: string;
  readonly tenant?: string;
  readonly owner?: string;
  readonly noteReaders?: string[];
  /** The note's policy from a classification of the module's options instead of its own roles. */
  readonly noteClassification?: { readonly name: string; readonly readers: string[] };
}

/**
 * Starts a small Rail app (core, schema, rbac, field security) with tickets
 * declared as given: the decorators are applied here, each start setting all of them.
 */
async function startTickets(declared: Declared = {}): Promise<{ close(): Promise<void> }> {
  TenantScoped(declared.tenant ?? 'companyId')(Ticket);
  OwnedBy(declared.owner ?? 'ownerId')(Ticket);
  const classified = declared.noteClassification;
  FieldPolicy(
    classified
      ? { classification: classified.name }
      : { read: { roles: declared.noteReaders ?? ['manager'] } },
  )(Ticket.prototype, 'note');
  const entities = [Ticket, Clerk];
  @Module({
    imports: [
      RailModule.forRoot({
        entities,
        database: { sqlitePath: join(directory, `tickets-${Math.random().toString(36).slice(2)}.sqlite`) },
      }),
      RailSchemaModule.forRoot({ entities }),
      RailRbacModule.forRoot({ rolesFile: rolesFile(declared.roles ?? ROLES), userEntity: Clerk }),
      RailFieldSecurityModule.forRoot({
        classifications: { secret: { read: { roles: classified?.readers ?? ['manager'] } } },
      }),
    ],
  })
  class TicketsModule {}
  const moduleRef = await Test.createTestingModule({ imports: [TicketsModule] })
    .setLogger(quiet)
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  try {
    await app.init();
  } catch (error) {
    await app.close();
    throw error;
  }
  return app;
}

describe('a small app refuses names that lead nowhere, naming each', () => {
  it('starts when every name is right (the control)', async () => {
    const app = await startTickets();
    await app.close();
  });

  it('a @FieldPolicy naming an unknown role: the model, the field and the role', async () => {
    const message = await failureOf(startTickets({ noteReaders: ['manger'] }));
    expect(message).toContain(
      'RailFieldSecurityModule: Ticket.note: @FieldPolicy names the unknown role "manger" (read) (did you mean manager?)',
    );
  });

  it('a tenant path that is not a field: the model and the path', async () => {
    const message = await failureOf(startTickets({ tenant: 'compnyId' }));
    expect(message).toContain(
      `RailModule: Ticket: @TenantScoped('compnyId'): Ticket has no field "compnyId" (did you mean companyId?)`,
    );
  });

  it('an owner path that is not a field', async () => {
    const message = await failureOf(startTickets({ owner: 'owner' }));
    expect(message).toContain(
      `Ticket: @OwnedBy('owner'): Ticket has no field "owner" (did you mean ownerId?)`,
    );
  });

  it('a classification naming an unknown role, and a field naming an unknown classification', async () => {
    const unknownRole = await failureOf(
      startTickets({ noteClassification: { name: 'secret', readers: ['managr'] } }),
    );
    expect(unknownRole).toContain(
      'Ticket.note: its classification "secret" names the unknown role "managr" (read) (did you mean manager?)',
    );
    const unknownClassification = await failureOf(
      startTickets({ noteClassification: { name: 'secrte', readers: ['manager'] } }),
    );
    expect(unknownClassification).toContain(
      'Ticket.note: @FieldPolicy names the unknown classification "secrte" (did you mean secret?)',
    );
  });

  it('a policy matching a misspelt permission or naming a model the app does not have', async () => {
    const message = await failureOf(
      startTickets({
        roles: `${ROLES}policies:
  - name: clerks-never-delete
    effect: deny
    roles: [clerk]
    permissions: [ticket.delte]
    models: [Tiket]
`,
      }),
    );
    expect(message).toContain(
      'policy "clerks-never-delete" matches "ticket.delte": ticket has no action delte (did you mean delete?)',
    );
    expect(message).toContain(
      'policy "clerks-never-delete" names the model "Tiket", which is not a model of the app (did you mean Ticket?)',
    );
  });

  it('several mistakes at once: all of them in one message, so one round fixes them', async () => {
    const message = await failureOf(
      startTickets({
        roles: ROLES.replace('ticket.create', 'tikcet.create'),
        tenant: 'compnyId',
        noteReaders: ['manger'],
      }),
    );
    expect(message).toMatch(/^3 problems stop the app from starting:\n/);
    expect(message).toContain(
      'role "clerk" grants "tikcet.create": no model or permission tikcet (did you mean ticket?)',
    );
    expect(message).toContain('Ticket.note: @FieldPolicy names the unknown role "manger"');
    expect(message).toContain(`Ticket: @TenantScoped('compnyId')`);
  });

  it('logs each problem as one JSON line', async () => {
    const logs = new CapturedLogs();
    TenantScoped('compnyId')(Ticket);
    OwnedBy('ownr')(Ticket);
    @Module({
      imports: [
        RailModule.forRoot({
          entities: [Ticket, Clerk],
          database: { sqlitePath: join(directory, 'logged.sqlite') },
        }),
        RailSchemaModule.forRoot({ entities: [Ticket, Clerk] }),
      ],
    })
    class LoggedModule {}
    const moduleRef = await Test.createTestingModule({ imports: [LoggedModule] })
      .setLogger(logs)
      .compile();
    const app = moduleRef.createNestApplication({ logger: logs });
    await failureOf(app.init());
    await app.close();
    const lines = logs.entries
      .filter((entry) => entry.level === 'error' && entry.text.includes('startup.problem'))
      .map(
        (entry) =>
          JSON.parse(entry.text.slice(entry.text.indexOf('{'), entry.text.lastIndexOf('}') + 1)) as Record<
            string,
            unknown
          >,
      );
    expect(lines).toEqual([
      expect.objectContaining({ event: 'startup.problem', severity: 'error', source: 'RailModule' }),
      expect.objectContaining({ event: 'startup.problem', severity: 'error', source: 'RailModule' }),
    ]);
    expect(String(lines[1].msg)).toContain(`@OwnedBy('ownr')`);
  });
});

describe('a library without a module it needs says which', () => {
  /** The error a compile stopped with: the library's own, not one Nest raised about a provider. */
  async function compileWith(...imports: DynamicModule[]): Promise<unknown> {
    @Module({ imports })
    class PartialModule {}
    return Test.createTestingModule({ imports: [PartialModule] })
      .setLogger(quiet)
      .compile()
      .then(
        () => new Error('expected start-up to fail'),
        (error: unknown) => error,
      );
  }
  // Nothing listens there and nothing retries: the database connection started beside the
  // failing module ends by itself, quickly (let it, before the test environment goes).
  const core = () =>
    RailModule.forRoot({
      entities: [Ticket, Clerk],
      database: { url: 'postgres://rail@127.0.0.1:1/none', connectRetries: 0 },
    });
  afterAll(() => sleep(500));

  it('RailAuditModule without RailSchemaModule', async () => {
    const failure = await compileWith(core(), RailAuditModule.forRoot());
    expect(failure).toBeInstanceOf(RailConfigurationError);
    expect(describeStartupError(failure)).toBe(
      "RailAuditModule needs RailSchemaModule: import RailSchemaModule.forRoot(...) in the app's root module too",
    );
  });

  it('RailExportModule without RailSchemaModule', async () => {
    const failure = await compileWith(core(), RailExportModule.forRoot({ storageDirectory: directory }));
    expect(failure).toBeInstanceOf(RailConfigurationError);
    expect(describeStartupError(failure)).toContain('RailExportModule needs RailSchemaModule');
  });

  it('RailRbacModule without RailModule', async () => {
    // Nest notices this one first (RailModule's providers are injected everywhere); the message is the same.
    const failure = await compileWith(RailRbacModule.forRoot({ userEntity: Clerk }));
    expect(describeStartupError(failure)).toContain('RailRbacModule needs RailModule');
  });

  it('Nest noticing a missing Rail module first is described the same way', async () => {
    // A provider of the app that injects a port no imported module registers.
    @Injectable()
    class NeedsReader {
      constructor(readonly reader: ModelReader) {}
    }
    @Module({ providers: [NeedsReader] })
    class AppFeature {}
    const failure = await Test.createTestingModule({ imports: [AppFeature] })
      .setLogger(quiet)
      .compile()
      .then(
        () => new Error('expected start-up to fail'),
        (error: unknown) => error,
      );
    expect(describeStartupError(failure)).toBe(
      "AppFeature needs RailSchemaModule: import RailSchemaModule.forRoot(...) in the app's root module too",
    );
  });
});
