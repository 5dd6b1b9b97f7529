import type { DataSource, EntityManager, QueryDeepPartialEntity } from 'typeorm';
import { AuditEvent } from './audit-event.entity.js';
import { auditContentOf, type AuditRecord } from './audit-record.js';
import { chainHash, contentHash, GENESIS_HASH, type AuditContent } from './audit-hash.js';

/**
 * Appends records to their chains with one INSERT. On PostgreSQL the
 * insert trigger assigns `seq`, `prev_hash` and `hash` under a per-chain
 * lock; on the embedded database (one process, one connection) the chain
 * is linked here, one append at a time.
 */
export class AuditChainWriter {
  private embeddedQueue: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {}

  get linksInDatabase(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  async append(manager: EntityManager, records: readonly AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    const now = new Date();
    const contents = records.map((record) => auditContentOf(record, now));
    if (this.linksInDatabase) {
      await this.insert(
        manager,
        // Placeholders: the trigger sets the chain columns.
        contents.map((content) => ({
          ...content,
          contentHash: contentHash(content),
          seq: '0',
          prevHash: '',
          hash: '',
        })),
      );
      return;
    }
    const run = this.embeddedQueue.then(() => this.appendEmbedded(manager, contents));
    this.embeddedQueue = run.catch(() => undefined);
    await run;
  }

  private async appendEmbedded(manager: EntityManager, contents: readonly AuditContent[]): Promise<void> {
    const heads = new Map<string | null, { seq: bigint; hash: string }>();
    const rows = [];
    for (const content of contents) {
      const head = heads.get(content.companyId) ?? (await this.head(manager, content.companyId));
      const seq = (head.seq + 1n).toString();
      const ownHash = contentHash(content);
      const hash = chainHash(seq, head.hash, ownHash);
      rows.push({ ...content, contentHash: ownHash, seq, prevHash: head.hash, hash });
      heads.set(content.companyId, { seq: head.seq + 1n, hash });
    }
    await this.insert(manager, rows);
  }

  private async head(
    manager: EntityManager,
    companyId: string | null,
  ): Promise<{ seq: bigint; hash: string }> {
    const last = await manager
      .createQueryBuilder(AuditEvent, 'event')
      .select(['event.seq', 'event.hash'])
      .where(companyId === null ? 'event.companyId IS NULL' : 'event.companyId = :companyId', { companyId })
      .orderBy('event.seq', 'DESC')
      .limit(1)
      .getOne();
    return last ? { seq: BigInt(last.seq), hash: last.hash } : { seq: 0n, hash: GENESIS_HASH };
  }

  private async insert(
    manager: EntityManager,
    rows: ReadonlyArray<AuditContent & Pick<AuditEvent, 'contentHash' | 'seq' | 'prevHash' | 'hash'>>,
  ): Promise<void> {
    const values = rows.map(
      (row) =>
        ({
          ...row,
          actorRoles: row.actorRoles ? [...row.actorRoles] : null,
        }) as QueryDeepPartialEntity<AuditEvent>,
    );
    await manager.createQueryBuilder().insert().into(AuditEvent).values(values).updateEntity(false).execute();
  }
}
