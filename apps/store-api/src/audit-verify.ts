import 'reflect-metadata';
import { describeStartupError } from '@rail/core';
import { parseArgs } from 'node:util';
import { describeVerification, verifyStoreAuditTrail } from './audit/audit-cli.js';

/**
 * `npm run audit:verify [-- --company ID]`: walks every audit chain (or one
 * company's) and names the first broken link. Exit code 1 when one is broken.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { company: { type: 'string' } } });
  const result = await verifyStoreAuditTrail(process.env, values.company);
  for (const line of describeVerification(result)) console.log(line);
  process.exitCode = result.ok ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(`Audit verification failed to run: ${describeStartupError(error)}`);
  process.exit(2);
});
