import {
  didYouMean,
  RailExtension,
  RailExtensionPoint,
  RailExtensions,
  type StartupCheck,
  type StartupProblem,
} from '@rail/core';
import { FieldPolicyRegistry } from './field-policy.registry.js';

const SOURCE = 'RailFieldSecurityModule';

/**
 * A field policy that names a role the app does not define (`manger`) lets
 * nobody through for it, silently: start-up stops, naming the model, the
 * field and the role. The roles are the app's `RoleCatalog` (the rbac
 * library); an app without one (its own `checks`) has no list to check against.
 */
@RailExtension(RailExtensionPoint.StartupCheck)
export class FieldSecurityStartupCheck implements StartupCheck {
  constructor(
    private readonly policies: FieldPolicyRegistry,
    private readonly extensions: RailExtensions,
  ) {}

  startupProblems(): StartupProblem[] {
    const problems = [...this.policies.problems];
    const roles = this.extensions.roleNames();
    const reported = new Set<string>();
    for (const reference of this.policies.references) {
      if (reference.kind !== 'role' || this.extensions.knowsRole(reference.name) !== false) continue;
      const from = reference.classification
        ? `its classification "${reference.classification}"`
        : '@FieldPolicy';
      const message =
        `${reference.field}: ${from} names the unknown role "${reference.name}" (${reference.rule})` +
        didYouMean(reference.name, roles);
      if (!reported.has(message)) problems.push(message);
      reported.add(message);
    }
    return problems.map((message) => ({ source: SOURCE, message }));
  }
}
