import { Args, Info, Int, Mutation, Resolver } from '@nestjs/graphql';
import { RailError, RailErrorCode, modelType, ModelReader } from '@rail/core';
import { RequirePermission } from '@rail/rbac';
import { TaskRun, TaskService } from '@rail/tasks';
import type { GraphQLResolveInfo } from 'graphql';
import type { SalesReportPayload } from './sales-report.task.js';

@Resolver()
export class SalesReportResolver {
  constructor(
    private readonly tasks: TaskService,
    private readonly reader: ModelReader,
  ) {}

  /** Starts the report in the background; poll `task(id)` (or GET /api/v1/tasks/:id) for progress and result. */
  @RequirePermission('report.run')
  @Mutation(() => modelType(TaskRun), {
    description: 'Starts a sales report for a year as a background task and returns the task.',
  })
  async generateSalesReport(
    @Args('year', { type: () => Int }) year: number,
    @Info() info: GraphQLResolveInfo,
  ): Promise<object> {
    if (year < 2000 || year > 2100)
      throw new RailError(
        RailErrorCode.BAD_USER_INPUT,
        `year must be between 2000 and 2100, received ${year}`,
      );
    const payload: SalesReportPayload = { year };
    const id = await this.tasks.enqueue('generateSalesReport', payload, { retries: 2 });
    const task = await this.reader.retrieve(this.reader.registry.forEntity(TaskRun), id, info);
    if (!task) throw new RailError(RailErrorCode.FORBIDDEN, 'Not allowed to read the task');
    return task;
  }
}
