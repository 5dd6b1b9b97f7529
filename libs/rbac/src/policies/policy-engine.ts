import { RailConfigurationError } from '@rail/core';
import { grantOf, parsePermission, type ParsedPermission } from '../permissions/permission.js';
import { toPermissionModel } from '../permissions/permission-model.js';
import { describeConfigIssues } from '../rbac-config-issues.js';
import type { PolicyContext, PolicyDefinition, PolicyEffect } from './policy.js';
import { policyListSchema } from './policy.schema.js';

export interface PolicyConditionError {
  readonly policy: string;
  readonly error: unknown;
}

/** What the policies say about one request. */
export interface PolicyEvaluation {
  /** The effect of the winning enforced policy; `null` when none matched (permissions decide). */
  readonly effect: PolicyEffect | null;
  /** The winning enforced policy. */
  readonly policy: string | null;
  /** Every matching policy, enforced and shadow, highest priority first. */
  readonly matched: string[];
  /** A shadow-mode deny would have won had it been enforced; it did not deny. */
  readonly shadowDenied: boolean;
  /** That shadow-mode policy. */
  readonly shadowPolicy: string | null;
  /** Conditions that threw or returned a non-boolean (deny: matched; allow: did not). */
  readonly conditionErrors: PolicyConditionError[];
}

interface CompiledPolicy {
  readonly definition: PolicyDefinition;
  readonly priority: number;
  readonly shadow: boolean;
  readonly roles: ReadonlySet<string> | undefined;
  readonly permissions: readonly ParsedPermission[] | undefined;
  readonly models: ReadonlySet<string> | undefined;
  readonly operations: ReadonlySet<string> | undefined;
  readonly fields: ReadonlySet<string> | undefined;
}

const optionalSet = <T>(values: readonly T[] | undefined) => (values ? new Set(values) : undefined);

/**
 * Evaluates allow/deny policies. Among the matching policies the highest
 * priority wins and, at equal priority, deny beats allow. Shadow-mode
 * policies are evaluated and reported but never decide.
 */
export class PolicyEngine {
  private readonly compiled: readonly CompiledPolicy[];

  /** Validates the policies (syntax, unique names); throws `RailConfigurationError`. */
  constructor(policies: readonly PolicyDefinition[]) {
    const parsed = policyListSchema.safeParse(policies);
    if (!parsed.success) {
      throw new RailConfigurationError(
        `Invalid RBAC policies:\n${describeConfigIssues(parsed.error.issues)}`,
      );
    }
    const definitions: readonly PolicyDefinition[] = parsed.data;
    // Sorted once, stably: ties keep declaration order, so the same policy is
    // named as the winner every time.
    this.compiled = definitions
      .map((definition) => ({
        definition,
        priority: definition.priority ?? 0,
        shadow: definition.mode === 'shadow',
        roles: optionalSet(definition.roles),
        permissions: definition.permissions?.map(parsePermission),
        models: optionalSet(definition.models?.map(toPermissionModel)),
        operations: optionalSet(definition.operations),
        fields: optionalSet(definition.fields),
      }))
      .sort((a, b) => b.priority - a.priority);
  }

  /** The policies as validated, highest priority first. */
  get policies(): readonly PolicyDefinition[] {
    return this.compiled.map((policy) => policy.definition);
  }

  /**
   * @param effectiveRoles the principal's roles including inherited ones
   *   (`RoleRegistry.effectiveRoles`); defaults to the roles as assigned.
   */
  evaluate(
    context: PolicyContext,
    effectiveRoles: readonly string[] = context.principal.roles,
  ): PolicyEvaluation {
    const permission = parsePermission(context.permission);
    const model = context.model === undefined ? undefined : toPermissionModel(context.model);
    const conditionErrors: PolicyConditionError[] = [];
    const matching = this.compiled.filter(
      (policy) =>
        this.matchesRequest(policy, context, permission, model, effectiveRoles) &&
        this.conditionHolds(policy, context, conditionErrors),
    );
    const enforced = winner(matching.filter((policy) => !policy.shadow));
    const overall = winner(matching);
    const shadowDenied =
      overall !== undefined &&
      overall.shadow &&
      overall.definition.effect === 'deny' &&
      enforced?.definition.effect !== 'deny';
    return {
      effect: enforced?.definition.effect ?? null,
      policy: enforced?.definition.name ?? null,
      matched: matching.map((policy) => policy.definition.name),
      shadowDenied,
      shadowPolicy: shadowDenied ? overall.definition.name : null,
      conditionErrors,
    };
  }

  private matchesRequest(
    policy: CompiledPolicy,
    context: PolicyContext,
    permission: ParsedPermission,
    model: string | undefined,
    effectiveRoles: readonly string[],
  ): boolean {
    const { roles } = policy;
    if (roles && !effectiveRoles.some((role) => roles.has(role))) return false;
    if (policy.permissions && !policy.permissions.some((pattern) => grantOf(pattern, permission) === 'yes')) {
      return false;
    }
    if (policy.models && (model === undefined || !policy.models.has(model))) return false;
    if (policy.operations && (context.operation === undefined || !policy.operations.has(context.operation))) {
      return false;
    }
    if (policy.fields && (context.field === undefined || !policy.fields.has(context.field))) return false;
    return true;
  }

  // A broken condition must not open access: a deny it guards still denies,
  // an allow it guards does not allow. The error is reported for the logs.
  private conditionHolds(
    policy: CompiledPolicy,
    context: PolicyContext,
    errors: PolicyConditionError[],
  ): boolean {
    const { condition, effect, name } = policy.definition;
    if (!condition) return true;
    let result: unknown;
    try {
      result = condition(context);
    } catch (error) {
      errors.push({ policy: name, error });
      return effect === 'deny';
    }
    if (typeof result === 'boolean') return result;
    errors.push({
      policy: name,
      // A Promise lands here too: conditions are synchronous by contract.
      error: new TypeError(`condition returned ${describe(result)}, expected a boolean`),
    });
    return effect === 'deny';
  }
}

/** The first policy of the highest priority present, a deny if that priority has one. */
function winner(matching: readonly CompiledPolicy[]): CompiledPolicy | undefined {
  const first = matching[0];
  if (!first) return undefined;
  const top = matching.filter((policy) => policy.priority === first.priority);
  return top.find((policy) => policy.definition.effect === 'deny') ?? first;
}

function describe(value: unknown): string {
  if (value instanceof Promise) return 'a Promise';
  return value === null ? 'null' : typeof value;
}
