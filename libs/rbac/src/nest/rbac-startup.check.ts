import { Inject, Optional } from '@nestjs/common';
import {
  didYouMean,
  ModelRegistry,
  permissionRequirementsOf,
  RailExtension,
  RailExtensionPoint,
  RailExtensions,
  type StartupCheck,
  type StartupProblem,
} from '@rail/core';
import { toPermissionModel } from '../permissions/permission-model.js';
import { PermissionVocabulary } from '../permissions/permission-vocabulary.js';
import type { PolicyDefinition } from '../policies/policy.js';
import { RAIL_RBAC_OPTIONS, permissionPrefix, type RailRbacOptions } from './rail-rbac.options.js';
import { RbacEngine } from './rbac-engine.provider.js';
import { RbacModels } from './rbac-models.js';

const SOURCE = 'RailRbacModule';

/**
 * Every permission a role grants or a policy matches must name something of
 * the app: a model of the registry with one of its actions, or a permission
 * something asks for by name (`@RequirePermission`, a report dataset). A
 * misspelt one (`prodcut.view`) grants nothing, silently; here it stops
 * start-up, with the nearest valid name.
 */
@RailExtension(RailExtensionPoint.StartupCheck)
export class RbacStartupCheck implements StartupCheck {
  constructor(
    @Inject(RAIL_RBAC_OPTIONS) private readonly options: RailRbacOptions,
    private readonly engine: RbacEngine,
    private readonly models: RbacModels,
    private readonly extensions: RailExtensions,
    @Optional() private readonly registry?: ModelRegistry,
  ) {}

  startupProblems(): StartupProblem[] {
    const vocabulary = this.vocabulary();
    const problems: string[] = [];
    const { registry } = this.engine;
    for (const role of registry.roleNames()) {
      const inFile = this.options.rolesFile !== undefined && !this.options.config?.roles?.[role];
      const where = inFile ? `roles file "${this.options.rolesFile}"` : 'RailRbacModule config';
      for (const permission of registry.definition(role)?.permissions ?? []) {
        const problem = vocabulary.problemOf(permission);
        if (problem) problems.push(`${where}: role "${role}" grants "${permission}": ${problem}`);
      }
    }
    const modelNames = this.modelNames();
    for (const policy of [...registry.policies, ...(this.options.policies ?? [])]) {
      problems.push(...policyProblems(policy, vocabulary, modelNames));
    }
    return problems.map((message) => ({ source: SOURCE, message }));
  }

  private vocabulary(): PermissionVocabulary {
    const vocabulary = new PermissionVocabulary();
    for (const model of this.registry?.models ?? []) {
      vocabulary.addModel(model.permissionPrefix ?? toPermissionModel(model.name));
    }
    for (const [name, options] of this.models.entries()) vocabulary.addModel(permissionPrefix(name, options));
    for (const permission of this.extensions.declaredPermissions()) vocabulary.addPermission(permission);
    for (const model of this.registry?.models ?? []) {
      // An entity's own `@RequirePermission` (OrderItem reads with `order.view`) is asked for too.
      for (const requirement of permissionRequirementsOf(model.entity)) {
        for (const permission of requirement.permissions) vocabulary.addPermission(permission);
      }
    }
    return vocabulary;
  }

  /** The names a policy's `models` may use, normalised as the policy engine compares them. */
  private modelNames(): Map<string, string> {
    const names = new Map<string, string>();
    for (const model of this.registry?.models ?? []) names.set(toPermissionModel(model.name), model.name);
    for (const [name] of this.models.entries()) names.set(toPermissionModel(name), name);
    return names;
  }
}

function policyProblems(
  policy: PolicyDefinition,
  vocabulary: PermissionVocabulary,
  modelNames: ReadonlyMap<string, string>,
): string[] {
  const problems: string[] = [];
  for (const permission of policy.permissions ?? []) {
    const problem = vocabulary.problemOf(permission);
    if (problem) problems.push(`policy "${policy.name}" matches "${permission}": ${problem}`);
  }
  for (const model of policy.models ?? []) {
    if (!modelNames.has(toPermissionModel(model))) {
      problems.push(
        `policy "${policy.name}" names the model "${model}", which is not a model of the app${didYouMean(model, modelNames.values())}`,
      );
    }
  }
  return problems;
}
