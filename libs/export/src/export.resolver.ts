import { randomUUID } from 'node:crypto';
import { Args, ID, Info, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Optional } from '@nestjs/common';
import {
  AuthorizedPerModel,
  FileLink,
  ModelReader,
  objectTypeClass,
  RailError,
  RailErrorCode,
  RequestContext,
  TASK_MODEL,
  TaskQueue,
} from '@rail/core';
import type { GraphQLResolveInfo } from 'graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { ExportFileLinks } from './export-file-links.js';
import { ExportRateLimiter } from './export-rate-limiter.js';
import { parseExportRequest } from './export-request.js';
import { ExportService } from './export.service.js';
import { EXPORT_TASK, type ExportTaskPayload, type ExportTaskResult } from './export.task.js';

/**
 * `exportData(...)`: the same export as `POST /api/v1/export`, as a
 * background task for large files; `exportFileLink(taskId)` gives a fresh
 * download link for a finished one.
 */
// Both fields decide through the model's operation authorizer (the export plan, the task's own scope).
@AuthorizedPerModel()
@Resolver()
export class ExportResolver {
  constructor(
    private readonly exports: ExportService,
    private readonly limiter: ExportRateLimiter,
    private readonly links: ExportFileLinks,
    private readonly reader: ModelReader,
    private readonly context: RequestContext,
    @Optional() private readonly tasks?: TaskQueue,
  ) {}

  @Mutation(() => objectTypeClass(TASK_MODEL), {
    description: 'Exports in the background; poll task(id), then ask exportFileLink(taskId) for the file.',
  })
  async exportData(
    @Args('model') model: string,
    @Args('format') format: string,
    @Args('fields', { type: () => GraphQLJSON }) fields: unknown,
    @Info() info: GraphQLResolveInfo,
    @Args('where', { type: () => GraphQLJSON, nullable: true }) where?: unknown,
    @Args('orderBy', { type: () => GraphQLJSON, nullable: true }) orderBy?: unknown,
    @Args('maxRows', { type: () => Int, nullable: true }) maxRows?: number,
    @Args('filename', { nullable: true }) filename?: string,
  ): Promise<object> {
    const principal = this.context.principal;
    if (!principal) throw new RailError(RailErrorCode.UNAUTHENTICATED, 'Authentication required');
    const request = parseExportRequest({
      model,
      format,
      fields,
      ...(where === null || where === undefined ? {} : { where }),
      ...(orderBy === null || orderBy === undefined ? {} : { orderBy }),
      ...(maxRows === null || maxRows === undefined ? {} : { maxRows }),
      ...(filename ? { filename } : {}),
    });
    await this.limiter.consume(principal.userId);
    // Refused now rather than in the background: the same checks as a streamed export.
    await this.exports.plan(request, principal);
    const payload: ExportTaskPayload = {
      request,
      principal: {
        userId: principal.userId,
        companyId: principal.companyId,
        roles: [...principal.roles],
        authMethods: [...principal.authMethods],
      },
      key: `${randomUUID()}.${request.format}`,
    };
    const taskId = await this.taskQueue().enqueue(EXPORT_TASK, payload, { retries: 1 });
    const task = await this.reader.retrieve(this.reader.registry.get(TASK_MODEL), taskId, info);
    if (!task) throw new RailError(RailErrorCode.FORBIDDEN, 'Not allowed to read the export task');
    return task;
  }

  @Query(() => FileLink, {
    description: "A fresh download link for a finished background export of the caller's.",
  })
  async exportFileLink(@Args('taskId', { type: () => ID }) taskId: string): Promise<FileLink> {
    this.taskQueue();
    const task = await this.reader.findOne(this.reader.registry.get(TASK_MODEL), taskId);
    if (!task || task.name !== EXPORT_TASK)
      throw new RailError(RailErrorCode.NOT_FOUND, `Export task ${taskId} does not exist`);
    if (task.status !== 'SUCCEEDED') {
      throw new RailError(
        RailErrorCode.BAD_USER_INPUT,
        `Export task ${taskId} is ${String(task.status)}, not finished`,
        {
          status: task.status,
        },
      );
    }
    const result = task.result as ExportTaskResult;
    const { token, expiresAt } = this.links.sign({
      key: result.key,
      filename: result.filename,
      format: result.format,
    });
    return { url: `/api/v1/export/files/${token}`, expiresAt };
  }

  private taskQueue(): TaskQueue {
    if (!this.tasks)
      throw new RailError(RailErrorCode.BAD_USER_INPUT, 'Background exports need RailTasksModule');
    return this.tasks;
  }
}
