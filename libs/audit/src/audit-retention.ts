import type { DataSource } from 'typeorm';
import type { AuditChainWriter } from './audit-chain.writer.js';
import { AuditEvent } from './audit-event.entity.js';

export interface PruneResult {
  readonly companyId: string | null;
  readonly pruned: number;
  readonly throughSeq: string;
}

/**
 * Retention: removes the oldest rows of each chain, up to the last row older
 * than the cut-off, after appending a checkpoint (`audit.checkpoint`) that
 * records the last removed row's `seq` and `hash`. The remaining chain still
 * verifies: its first row links to the checkpoint's hash. The database
 * triggers refuse any DELETE a checkpoint does not vouch for.
 */
export class AuditRetention {
  constructor(
    private readonly dataSource: DataSource,
    private readonly writer: AuditChainWriter,
  ) {}

  async pruneOlderThan(cutoff: Date): Promise<PruneResult[]> {
    const chains = await this.dataSource
      .createQueryBuilder(AuditEvent, 'event')
      .select('event.companyId', 'companyId')
      .distinct(true)
      .getRawMany<{ companyId: string | null }>();
    const results: PruneResult[] = [];
    for (const { companyId } of chains) {
      const result = await this.pruneChain(companyId, cutoff);
      if (result) results.push(result);
    }
    return results;
  }

  private pruneChain(companyId: string | null, cutoff: Date): Promise<PruneResult | null> {
    return this.dataSource.transaction(async (manager) => {
      const chain = (alias: string) =>
        manager
          .createQueryBuilder(AuditEvent, alias)
          .where(companyId === null ? `${alias}.companyId IS NULL` : `${alias}.companyId = :companyId`, {
            companyId,
          });
      // Only a prefix of the chain can go: up to the row before the first one still to keep.
      const firstKept = await chain('event')
        .andWhere('event.occurredAt >= :cutoff', { cutoff })
        .orderBy('event.seq', 'ASC')
        .limit(1)
        .getOne();
      const query = chain('event').andWhere('event.eventType <> :checkpoint', {
        checkpoint: 'audit.checkpoint',
      });
      if (firstKept) query.andWhere('event.seq < :kept', { kept: String(firstKept.seq) });
      const last = await query.orderBy('event.seq', 'DESC').limit(1).getOne();
      if (!last) return null;
      const throughSeq = String(last.seq);
      const pruned = await chain('event')
        .andWhere('event.seq <= :through', { through: throughSeq })
        .getCount();
      await this.writer.append(manager, [
        {
          eventType: 'audit.checkpoint',
          outcome: 'success',
          companyId,
          actorId: null,
          details: { throughSeq, throughHash: last.hash, pruned, olderThan: cutoff.toISOString() },
        },
      ]);
      await manager
        .createQueryBuilder()
        .delete()
        .from(AuditEvent)
        .where(companyId === null ? 'company_id IS NULL' : 'company_id = :companyId', { companyId })
        .andWhere('seq <= :through', { through: throughSeq })
        .execute();
      return { companyId, pruned, throughSeq };
    });
  }
}
