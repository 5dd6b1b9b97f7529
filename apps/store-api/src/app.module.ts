import { Module } from '@nestjs/common';
import { RailModule } from '@rail/core';
import { SeedWhenEmpty } from './seed/seed-when-empty.service.js';
import { StoreStatsResolver } from './stats/store-stats.resolver.js';
import { storeRailOptions } from './store-rail-options.js';

@Module({
  imports: [RailModule.forRootAsync({ useFactory: () => storeRailOptions() })],
  providers: [StoreStatsResolver, SeedWhenEmpty],
})
export class AppModule {}
