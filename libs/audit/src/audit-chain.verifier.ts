import type { DataSource } from 'typeorm';
import { AuditEvent } from './audit-event.entity.js';
import { chainHash, contentHash, GENESIS_HASH } from './audit-hash.js';

export type AuditBreakProblem =
  'content_changed' | 'hash_changed' | 'link_broken' | 'sequence_gap' | 'unvouched_start';

export interface AuditBreak {
  readonly companyId: string | null;
  /** The first row that does not check out. */
  readonly id: number;
  readonly seq: string;
  readonly problem: AuditBreakProblem;
  readonly message: string;
}

export interface AuditChainReport {
  readonly companyId: string | null;
  readonly rows: number;
  readonly firstSeq: string | null;
  readonly lastSeq: string | null;
  /** The first broken link of this chain, if any. */
  readonly broken: AuditBreak | null;
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly chains: readonly AuditChainReport[];
}

const BATCH = 1000;

/**
 * Walks every chain in `seq` order, a batch at a time (memory stays flat),
 * recomputing each row's content hash and link. A chain whose oldest rows
 * were pruned must start right after what its latest checkpoint vouches for.
 */
export class AuditChainVerifier {
  constructor(private readonly dataSource: DataSource) {}

  async verify(companyId?: string | null): Promise<AuditVerification> {
    const chains =
      companyId === undefined
        ? (
            await this.dataSource
              .createQueryBuilder(AuditEvent, 'event')
              .select('event.companyId', 'companyId')
              .distinct(true)
              .orderBy('event.companyId', 'ASC')
              .getRawMany<{ companyId: string | null }>()
          ).map((row) => row.companyId)
        : [companyId];
    const reports: AuditChainReport[] = [];
    for (const chain of chains) reports.push(await this.verifyChain(chain));
    return { ok: reports.every((report) => report.broken === null), chains: reports };
  }

  private async verifyChain(companyId: string | null): Promise<AuditChainReport> {
    const repository = this.dataSource.getRepository(AuditEvent);
    let previous: { seq: bigint; hash: string } | undefined;
    let rows = 0;
    let firstSeq: string | null = null;
    let lastSeq: string | null = null;
    let after = -1n;
    const fail = (row: AuditEvent, problem: AuditBreakProblem, message: string): AuditChainReport => ({
      companyId,
      rows,
      firstSeq,
      lastSeq,
      broken: { companyId, id: row.id, seq: String(row.seq), problem, message },
    });
    for (;;) {
      const batch = await repository
        .createQueryBuilder('event')
        .where(companyId === null ? 'event.companyId IS NULL' : 'event.companyId = :companyId', { companyId })
        .andWhere('event.seq > :after', { after: after.toString() })
        .orderBy('event.seq', 'ASC')
        .limit(BATCH)
        .getMany();
      for (const row of batch) {
        const seq = BigInt(row.seq);
        const label = `audit_event ${row.id} (chain ${companyId ?? 'none'}, seq ${seq})`;
        if (!previous) {
          firstSeq = seq.toString();
          const expected = seq === 1n ? GENESIS_HASH : await this.vouchedHash(companyId, seq - 1n);
          if (expected === null)
            return fail(
              row,
              'unvouched_start',
              `${label}: rows before it are missing and no checkpoint vouches for them`,
            );
          if (row.prevHash !== expected)
            return fail(row, 'link_broken', `${label}: does not follow the row or checkpoint before it`);
        } else {
          if (seq !== previous.seq + 1n)
            return fail(row, 'sequence_gap', `${label}: rows ${previous.seq + 1n}..${seq - 1n} are missing`);
          if (row.prevHash !== previous.hash)
            return fail(
              row,
              'link_broken',
              `${label}: its prev_hash is not the hash of row seq ${previous.seq}`,
            );
        }
        const ownHash = contentHash({
          ...row,
          actorRoles: row.actorRoles,
          occurredAt: new Date(row.occurredAt),
        });
        if (ownHash !== row.contentHash)
          return fail(row, 'content_changed', `${label}: its content was changed after it was written`);
        if (chainHash(seq.toString(), row.prevHash, row.contentHash) !== row.hash)
          return fail(row, 'hash_changed', `${label}: its hash does not match its content and link`);
        previous = { seq, hash: row.hash };
        lastSeq = seq.toString();
        rows += 1;
      }
      if (batch.length < BATCH) break;
      after = previous!.seq;
    }
    return { companyId, rows, firstSeq, lastSeq, broken: null };
  }

  /** The hash a retention checkpoint recorded for the last pruned row `seq`, or null. */
  private async vouchedHash(companyId: string | null, seq: bigint): Promise<string | null> {
    const checkpoints = await this.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('event')
      .where(companyId === null ? 'event.companyId IS NULL' : 'event.companyId = :companyId', { companyId })
      .andWhere('event.eventType = :type', { type: 'audit.checkpoint' })
      .orderBy('event.seq', 'DESC')
      .getMany();
    const vouching = checkpoints.find(
      (checkpoint) => String(checkpoint.details?.throughSeq) === seq.toString(),
    );
    const hash = vouching?.details?.throughHash;
    return typeof hash === 'string' ? hash : null;
  }
}
