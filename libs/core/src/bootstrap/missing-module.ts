import type { InjectionToken } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RequestContext } from '../context/request-context.service.js';
import { RailEvents } from '../events/rail-events.service.js';
import { RailExtensions } from '../extension-points/rail-extensions.service.js';
import { ModelRegistry } from '../model/model-registry.js';
import { RAIL_OPTIONS } from '../options/rail-options.constants.js';
import { AuditSink } from '../ports/audit-sink.js';
import { ModelReader } from '../ports/model-reader.js';
import { PermissionChecker } from '../ports/permission-checker.js';
import { TableFiles } from '../ports/table-files.js';
import { RailSignals } from '../signals/rail-signals.service.js';
import { TaskQueue } from '../tasks/task-queue.js';

/** Which module registers each token one Rail module takes from another. */
const PROVIDED_BY: ReadonlyArray<readonly [InjectionToken, string]> = [
  [RAIL_OPTIONS, 'RailModule'],
  [RailExtensions, 'RailModule'],
  [RailEvents, 'RailModule'],
  [RailSignals, 'RailModule'],
  [RequestContext, 'RailModule'],
  [DataSource, 'RailModule'],
  [ModelReader, 'RailSchemaModule'],
  [ModelRegistry, 'RailSchemaModule'],
  [AuditSink, 'RailAuditModule'],
  [TaskQueue, 'RailTasksModule'],
  [PermissionChecker, 'RailRbacModule'],
  [TableFiles, 'RailExportModule'],
];

interface UnresolvedDependency {
  readonly context?: { readonly name?: unknown };
  readonly message: string;
}

/**
 * "RailAuditModule needs RailSchemaModule" for Nest's UnknownDependenciesException
 * when the missing provider is one a Rail module registers; `undefined` for
 * any other error. The libraries check their `requires` themselves; this
 * names a missing module wherever else Nest notices it first.
 */
export function describeMissingModule(error: unknown): string | undefined {
  // Nest's exception keeps the name `Error`; its class and `context` (the missing token) tell it apart.
  if (!(error instanceof Error) || error.constructor.name !== 'UnknownDependenciesException')
    return undefined;
  const { context, message } = error as UnresolvedDependency;
  const provider = PROVIDED_BY.find(([token]) => token === context?.name)?.[1];
  if (!provider) return undefined;
  const needing = /available in the (\w+) (?:module|context)/.exec(message)?.[1] ?? 'the app';
  return `${needing} needs ${provider}: import ${provider}.forRoot(...) in the app's root module too`;
}
