import type { MigrationInterface } from 'typeorm';
import { InitialSchema1796413523811 } from './1796413523811-InitialSchema.js';

/** PostgreSQL migrations, in order; written by `npm run migration:generate -- --app helpdesk <Name>`. */
export const helpdeskMigrations: Array<new () => MigrationInterface> = [InitialSchema1796413523811];
