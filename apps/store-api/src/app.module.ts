import { Module } from '@nestjs/common';
import { RailModule } from '@rail/core';
import { RailSchemaModule } from '@rail/schema';
import { storeEntities } from './entities/index.js';
import { SeedWhenEmpty } from './seed/seed-when-empty.service.js';
import { StoreStatsResolver } from './stats/store-stats.resolver.js';
import { storeRailOptions } from './store-rail-options.js';

@Module({
  imports: [
    RailModule.forRootAsync({ useFactory: () => storeRailOptions() }),
    RailSchemaModule.forRoot({ entities: storeEntities }),
  ],
  providers: [StoreStatsResolver, SeedWhenEmpty],
})
export class AppModule {}
