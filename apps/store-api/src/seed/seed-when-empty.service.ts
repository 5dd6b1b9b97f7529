import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RAIL_OPTIONS, type ResolvedRailOptions } from '@rail/core';
import { DataSource } from 'typeorm';
import { DEFAULT_DEMO_PASSWORD } from './demo-accounts.js';
import { isStoreEmpty } from './store-empty.js';

/**
 * Seeds the demo data on the first start against an empty database, so that
 * `npm start` shows data at once. On by default for the embedded database
 * only; `SEED_WHEN_EMPTY=true|false` decides explicitly.
 *
 * In `onModuleInit`, not `onApplicationBootstrap`: seeding is start-up work,
 * and the health library reports start-up as done (`GET /health/startup`)
 * from `onApplicationBootstrap` on, which Nest calls after every module's
 * `onModuleInit`.
 *
 * The seeder (and faker with it, ~16 MB of heap) is imported only when there
 * is something to seed, so a running API does not carry it.
 */
@Injectable()
export class SeedWhenEmpty implements OnModuleInit {
  private readonly logger = new Logger('Seed');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RAIL_OPTIONS) private readonly options: ResolvedRailOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    const wanted = process.env.SEED_WHEN_EMPTY
      ? process.env.SEED_WHEN_EMPTY === 'true'
      : this.options.database.url === undefined;
    if (!wanted || !(await isStoreEmpty(this.dataSource))) return;
    this.logger.log('Empty database: seeding the demo store (demo password for local use only)…');
    const { seedStore } = await import('./store-seeder.js');
    const summary = await seedStore(this.dataSource, {
      scale: 1,
      password: process.env.SEED_PASSWORD ?? DEFAULT_DEMO_PASSWORD,
    });
    this.logger.log(`Seeded ${JSON.stringify(summary)}`);
  }
}
