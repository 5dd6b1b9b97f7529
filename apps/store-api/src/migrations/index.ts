import { InitialSchema1795441691703 } from './1795441691703-InitialSchema.js';
import { AuthTables1795444298647 } from './1795444298647-AuthTables.js';
import { ProductCostPriceDefault1795447722750 } from './1795447722750-ProductCostPriceDefault.js';
import { AuditTrail1795451117190 } from './1795451117190-AuditTrail.js';
import { TaskRuns1795452156743 } from './1795452156743-TaskRuns.js';
import { ReportDatasets1795454673955 } from './1795454673955-ReportDatasets.js';
import { Webhooks1795456387553 } from './1795456387553-Webhooks.js';
import { TaskRunLeases1796194796443 } from './1796194796443-TaskRunLeases.js';

/** PostgreSQL migrations of the store, oldest first. */
export const storeMigrations = [
  InitialSchema1795441691703,
  AuthTables1795444298647,
  ProductCostPriceDefault1795447722750,
  AuditTrail1795451117190,
  TaskRuns1795452156743,
  ReportDatasets1795454673955,
  Webhooks1795456387553,
  TaskRunLeases1796194796443,
];
