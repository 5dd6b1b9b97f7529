import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RailError, RailErrorCode } from '@rail/core';
import { TaskHandler, type TaskContext } from '@rail/tasks';
import { DataSource } from 'typeorm';

export interface SalesReportPayload {
  readonly year: number;
}

export interface SalesReportMonth {
  readonly month: string;
  readonly orders: number;
  /** Decimal string, like every amount of money in the API. */
  readonly revenue: string;
}

export interface SalesReport {
  readonly year: number;
  readonly months: readonly SalesReportMonth[];
  readonly orders: number;
  readonly revenue: string;
}

/** Cents → `"1234.50"`, without going through a float. */
function money(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
}

/**
 * The sample app's background task: a year of the company's orders and
 * revenue month by month, reporting progress as each month is done and
 * stopping when cancelled.
 */
@Injectable()
export class SalesReportTask {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @TaskHandler('generateSalesReport')
  async generate(payload: SalesReportPayload, context: TaskContext): Promise<SalesReport> {
    if (!context.companyId)
      throw new RailError(RailErrorCode.BAD_USER_INPUT, 'A sales report needs a company');
    const postgres = this.dataSource.options.type === 'postgres';
    // SQLite keeps timestamps as UTC text `YYYY-MM-DD HH:MM:SS.SSS`; compare like with like.
    const bound = (date: Date) => (postgres ? date : date.toISOString().replace('T', ' ').replace('Z', ''));
    const months: SalesReportMonth[] = [];
    let totalCents = 0;
    for (let month = 0; month < 12; month += 1) {
      if (context.signal.aborted) break;
      const from = new Date(Date.UTC(payload.year, month, 1));
      const to = new Date(Date.UTC(payload.year, month + 1, 1));
      const [row] = await this.dataSource.query<
        Array<{ orders: number | string; cents: number | string | null }>
      >(
        `SELECT COUNT(*) AS orders, CAST(ROUND(SUM(total_amount) * 100) AS INTEGER) AS cents
           FROM customer_order WHERE company_id = ${postgres ? '$1' : '?'}
            AND created_at >= ${postgres ? '$2' : '?'} AND created_at < ${postgres ? '$3' : '?'}`,
        [Number(context.companyId), bound(from), bound(to)],
      );
      const cents = Number(row?.cents ?? 0);
      totalCents += cents;
      months.push({
        month: `${payload.year}-${String(month + 1).padStart(2, '0')}`,
        orders: Number(row?.orders ?? 0),
        revenue: money(cents),
      });
      await context.progress(((month + 1) / 12) * 100);
    }
    return {
      year: payload.year,
      months,
      orders: months.reduce((sum, entry) => sum + entry.orders, 0),
      revenue: money(totalCents),
    };
  }
}
