import { Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { RailError, RailErrorCode, RequestContext } from '@rail/core';
import { RequirePermission } from '@rail/rbac';
import { DataSource } from 'typeorm';
import { Customer, Order, Product } from '../entities/index.js';
import { StoreStats } from './store-stats.model.js';

/**
 * A first query to try: row counts that show the seed is in place. A
 * hand-written resolver reads around the generated API's scopes, so it names
 * its permission and counts only the caller's company.
 */
@Resolver(() => StoreStats)
export class StoreStatsResolver {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly context: RequestContext,
  ) {}

  @RequirePermission('report.run')
  @Query(() => StoreStats, { description: "Row counts of the caller's company (needs report.run)." })
  async storeStats(): Promise<StoreStats> {
    const companyId = this.context.principal?.companyId;
    if (!companyId) throw new RailError(RailErrorCode.FORBIDDEN, 'Store statistics need a company');
    const [products, customers, orders] = await Promise.all(
      [Product, Customer, Order].map((entity) =>
        this.dataSource.getRepository(entity).countBy({ companyId: Number(companyId) }),
      ),
    );
    return { products, customers, orders };
  }
}
