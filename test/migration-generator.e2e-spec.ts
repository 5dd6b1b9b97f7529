import { auditEntities } from '@rail/audit';
import { generateMigration, type GeneratedMigration, type RailModuleOptions } from '@rail/core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Column,
  DataSource,
  Entity,
  type MigrationInterface,
  PrimaryGeneratedColumn,
  type QueryRunner,
} from 'typeorm';
import { testServices } from './support/services.js';

// generateMigration serves any app: its entities, libraries' included, against
// its migrations, on a scratch database of a real PostgreSQL server.
const { postgresUrl } = testServices();
const describeOnPostgres = postgresUrl ? describe : describe.skip;

@Entity({ name: 'helpdesk_note' })
class Note {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' }) id!: number;
  @Column({ type: 'varchar', length: 200 }) text!: string;
}

/** A migration class as an app would import it, running the generated statements. */
function migrationClass(generated: GeneratedMigration): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = generated.className;
    async up(queryRunner: QueryRunner): Promise<void> {
      for (const { query, parameters } of generated.up)
        await queryRunner.query(query, parameters as unknown[]);
    }
    async down(queryRunner: QueryRunner): Promise<void> {
      for (const { query, parameters } of generated.down)
        await queryRunner.query(query, parameters as unknown[]);
    }
  };
}

describeOnPostgres('generateMigration (PostgreSQL)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'rail-migrations-'));
  const database = `rail_migration_target_${process.pid}`;
  let server: DataSource;
  let target: DataSource;
  const app = (migrations: RailModuleOptions['migrations'] = []): RailModuleOptions => ({
    entities: [Note, ...auditEntities],
    migrations,
    database: { url: postgresUrl },
  });

  beforeAll(async () => {
    server = await new DataSource({ type: 'postgres', url: postgresUrl }).initialize();
    await server.query(`CREATE DATABASE ${database}`);
    const url = new URL(postgresUrl!);
    url.pathname = `/${database}`;
    target = await new DataSource({ type: 'postgres', url: url.toString() }).initialize();
  });
  afterAll(async () => {
    await target.destroy();
    await server.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await server.destroy();
    rmSync(directory, { recursive: true, force: true });
  });

  let generated: GeneratedMigration;

  it('writes the tables of the app and of its libraries, with the audit trail triggers, to a file', async () => {
    generated = (await generateMigration({
      rail: app(),
      name: 'FirstTables',
      directory,
      timestamp: 1800000000000,
    }))!;
    expect(generated.className).toBe('FirstTables1800000000000');
    const up = generated.up.map(({ query }) => query);
    const createAudit = up.findIndex((query) => query.startsWith('CREATE TABLE "audit_event"'));
    expect(up.some((query) => query.startsWith('CREATE TABLE "helpdesk_note"'))).toBe(true);
    expect(createAudit).toBeGreaterThanOrEqual(0);
    // The triggers come after the table they belong to; nobody added them by hand.
    const trigger = up.findIndex((query) => query.startsWith('CREATE TRIGGER trg_audit_event_chain'));
    expect(trigger).toBeGreaterThan(createAudit);
    const file = readFileSync(generated.file, 'utf8');
    expect(generated.file).toBe(join(directory, '1800000000000-FirstTables.ts'));
    expect(file).toContain('export class FirstTables1800000000000 implements MigrationInterface');
    expect(file).toContain('CREATE TRIGGER trg_audit_event_append_only');
  });

  it('migrates a database whose audit trail then links and guards itself', async () => {
    const runner = target.createQueryRunner();
    try {
      await new (migrationClass(generated))().up(runner);
    } finally {
      await runner.release();
    }
    const triggers = await target.query<Array<{ tgname: string }>>(
      `SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_event'::regclass AND NOT tgisinternal ORDER BY tgname`,
    );
    expect(triggers.map((row) => row.tgname)).toEqual([
      'trg_audit_event_append_only',
      'trg_audit_event_chain',
      'trg_audit_event_no_truncate',
    ]);
    await expect(target.query(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);
  });

  it('writes nothing when the migrations already match the entities', async () => {
    expect(
      await generateMigration({ rail: app([migrationClass(generated)]), name: 'Again', directory }),
    ).toBeUndefined();
  });

  it('refuses a name that is not PascalCase before touching a database', async () => {
    await expect(generateMigration({ rail: app(), name: 'add tickets', directory })).rejects.toThrow(
      'A migration name is PascalCase (AddTickets), received "add tickets"',
    );
  });
});
