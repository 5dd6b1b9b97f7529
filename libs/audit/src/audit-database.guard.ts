import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RailConfigurationError } from '@rail/core';
import type { DataSource } from 'typeorm';
import { POSTGRES_AUDIT_TRIGGER_NAMES, SQLITE_AUDIT_TRIGGERS } from './audit-triggers.js';

/**
 * The trail is only tamper-evident with its triggers. On PostgreSQL they come
 * from a migration (`createAuditTriggers`), and the app refuses to start
 * without them rather than write rows nobody links; the embedded database
 * gets its own on every start.
 */
@Injectable()
export class AuditDatabaseGuard implements OnModuleInit {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    if (this.dataSource.options.type !== 'postgres') {
      for (const statement of SQLITE_AUDIT_TRIGGERS) await this.dataSource.query(statement);
      return;
    }
    const rows = await this.dataSource.query<Array<{ name: string }>>(
      `SELECT tgname AS name FROM pg_trigger WHERE tgrelid = to_regclass('audit_event') AND NOT tgisinternal`,
    );
    const present = new Set(rows.map((row) => row.name));
    const missing = POSTGRES_AUDIT_TRIGGER_NAMES.filter((name) => !present.has(name));
    if (missing.length > 0) {
      throw new RailConfigurationError(
        `audit_event lacks the trigger(s) ${missing.join(', ')}: call createAuditTriggers(queryRunner) ` +
          'from @rail/audit in the migration that creates the table (see docs/audit.md)',
      );
    }
  }
}
