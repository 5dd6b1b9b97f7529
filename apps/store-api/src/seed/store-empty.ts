import type { DataSource } from 'typeorm';
import { Company } from '../entities/index.js';

/** True when the store has no company yet, i.e. nothing has been seeded. */
export async function isStoreEmpty(dataSource: DataSource): Promise<boolean> {
  return (await dataSource.getRepository(Company).count()) === 0;
}
