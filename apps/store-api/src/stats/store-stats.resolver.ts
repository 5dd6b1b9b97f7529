import { Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Company, Customer, Order, Product } from '../entities/index.js';
import { StoreStats } from './store-stats.model.js';

/** A first query to try: row counts that show the seed is in place. */
@Resolver(() => StoreStats)
export class StoreStatsResolver {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Query(() => StoreStats, { description: 'Row counts of the sample store.' })
  async storeStats(): Promise<StoreStats> {
    const [companies, products, customers, orders] = await Promise.all(
      [Company, Product, Customer, Order].map((entity) => this.dataSource.getRepository(entity).count()),
    );
    return { companies, products, customers, orders };
  }
}
