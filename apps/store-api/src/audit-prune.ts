import 'reflect-metadata';
import { describeStartupError } from '@rail/core';
import { parseArgs } from 'node:util';
import { pruneStoreAuditTrail } from './audit/audit-cli.js';

/**
 * `npm run audit:prune -- --days N`: removes audit rows older than N days,
 * leaving a checkpoint per chain so that what remains still verifies.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { days: { type: 'string' } } });
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1)
    throw new Error(
      `--days expects a whole number of days, 1 or more, received ${JSON.stringify(values.days)}`,
    );
  const results = await pruneStoreAuditTrail(process.env, new Date(Date.now() - days * 86_400_000));
  for (const result of results)
    console.log(
      `chain ${result.companyId ?? '(no company)'}: ${result.pruned} rows pruned through seq ${result.throughSeq}`,
    );
  if (results.length === 0) console.log('Nothing to prune.');
}

main().catch((error: unknown) => {
  console.error(`Audit pruning failed: ${describeStartupError(error)}`);
  process.exit(1);
});
