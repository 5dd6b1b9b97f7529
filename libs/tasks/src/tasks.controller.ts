import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { SchemaRuntime } from '@rail/schema';
import { TaskRun } from './task-run.entity.js';

/**
 * `GET /api/v1/tasks/:id` for REST clients (a file download page, a script):
 * the task as `task(id)` shows it, under the same rules (own tasks; all of
 * the company's for those allowed). 404 for a task that does not exist or is
 * not the caller's to see.
 */
@Controller('api/v1/tasks')
export class TasksController {
  constructor(private readonly runtime: SchemaRuntime) {}

  @Get(':id')
  async task(@Param('id') id: string): Promise<Record<string, unknown>> {
    const row = await this.runtime.findOne(this.runtime.registry.forEntity(TaskRun), id);
    if (!row) throw new NotFoundException(`Task ${id} does not exist`);
    return row;
  }
}
