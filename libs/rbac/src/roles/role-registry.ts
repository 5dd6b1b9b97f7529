import type { PolicyDefinition } from '../policies/policy.js';
import { parseRbacConfig, type RbacConfig, type ResolvedRoleDefinition } from './rbac-config.schema.js';

/**
 * The validated roles of an app and what they inherit. Construction refuses
 * (with `RailConfigurationError`) bad role names, bad permission syntax,
 * unknown parents and inheritance cycles, so a running app never holds a
 * registry whose answers depend on a typo.
 */
export class RoleRegistry {
  /** The policies of the config, validated; `RbacAuthorizer` applies them by default. */
  readonly policies: readonly PolicyDefinition[];
  private readonly roles: ReadonlyMap<string, ResolvedRoleDefinition>;
  /** Each role followed by every role it inherits, nearest first. */
  private readonly lineage: ReadonlyMap<string, readonly string[]>;

  constructor(config: RbacConfig) {
    const resolved = parseRbacConfig(config);
    this.roles = new Map(Object.entries(resolved.roles));
    this.policies = resolved.policies;
    const lineage = new Map<string, readonly string[]>();
    for (const role of this.roles.keys()) lineage.set(role, this.lineageOf(role));
    this.lineage = lineage;
  }

  has(role: string): boolean {
    return this.roles.has(role);
  }

  roleNames(): string[] {
    return [...this.roles.keys()];
  }

  definition(role: string): Readonly<ResolvedRoleDefinition> | undefined {
    return this.roles.get(role);
  }

  maxUsers(role: string): number | undefined {
    return this.roles.get(role)?.maxUsers;
  }

  /** `roles` and every role they inherit, each once; unknown role names are ignored. */
  effectiveRoles(roles: readonly string[]): string[] {
    const effective = new Set<string>();
    for (const role of roles) {
      for (const inherited of this.lineage.get(role) ?? []) effective.add(inherited);
    }
    return [...effective];
  }

  /** The permissions of `roles` and of every role they inherit, each once, as written. */
  effectivePermissions(roles: readonly string[]): string[] {
    const permissions = new Set<string>();
    for (const role of this.effectiveRoles(roles)) {
      for (const permission of this.roles.get(role)?.permissions ?? []) permissions.add(permission);
    }
    return [...permissions];
  }

  // Breadth-first, so a role's own parents come before its grandparents. The
  // config was checked for cycles and unknown parents before this runs.
  private lineageOf(role: string): string[] {
    const seen = new Set<string>([role]);
    const queue = [role];
    for (let index = 0; index < queue.length; index++) {
      for (const parent of this.roles.get(queue[index])?.inherits ?? []) {
        if (!seen.has(parent)) {
          seen.add(parent);
          queue.push(parent);
        }
      }
    }
    return queue;
  }
}
