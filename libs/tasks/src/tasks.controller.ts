import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ModelReader } from '@rail/core';
import { TaskRun } from './task-run.entity.js';

/**
 * `GET /api/v1/tasks/:id` for REST clients (a file download page, a script):
 * the task as `task(id)` shows it, under the same rules (own tasks; all of
 * the company's for those allowed). 404 for a task that does not exist or is
 * not the caller's to see.
 */
@Controller('api/v1/tasks')
export class TasksController {
  constructor(private readonly reader: ModelReader) {}

  @Get(':id')
  async task(@Param('id') id: string): Promise<Record<string, unknown>> {
    const row = await this.reader.findOne(this.reader.registry.forEntity(TaskRun), id);
    if (!row) throw new NotFoundException(`Task ${id} does not exist`);
    return row;
  }
}
