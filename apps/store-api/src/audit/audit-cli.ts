import { AuditChainVerifier, AuditChainWriter, AuditRetention, type AuditVerification } from '@rail/audit';
import { createDataSourceOptions, resolveRailOptions } from '@rail/core';
import { DataSource } from 'typeorm';
import { storeRailOptions } from '../store-rail-options.js';

/** Opens the store's configured database (DATABASE_URL or the embedded file) for a one-off command. */
export async function withStoreDatabase<T>(
  env: NodeJS.ProcessEnv,
  work: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = new DataSource(createDataSourceOptions(resolveRailOptions(storeRailOptions(env))));
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** The verification as lines for a terminal; the first broken link of each chain is named. */
export function describeVerification(result: AuditVerification): string[] {
  const lines = result.chains.map((chain) => {
    const name = `chain ${chain.companyId ?? '(no company)'}`;
    if (chain.broken) return `BROKEN ${name}: ${chain.broken.message} [${chain.broken.problem}]`;
    return `ok ${name}: ${chain.rows} rows, seq ${chain.firstSeq ?? '-'}..${chain.lastSeq ?? '-'}`;
  });
  lines.push(result.ok ? 'The audit trail verifies.' : 'The audit trail has been tampered with.');
  return lines;
}

export function verifyStoreAuditTrail(
  env: NodeJS.ProcessEnv,
  companyId?: string,
): Promise<AuditVerification> {
  return withStoreDatabase(env, (dataSource) => new AuditChainVerifier(dataSource).verify(companyId));
}

export function pruneStoreAuditTrail(env: NodeJS.ProcessEnv, cutoff: Date) {
  return withStoreDatabase(env, (dataSource) =>
    new AuditRetention(dataSource, new AuditChainWriter(dataSource)).pruneOlderThan(cutoff),
  );
}
