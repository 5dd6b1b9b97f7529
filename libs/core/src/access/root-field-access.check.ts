import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { RailExtension, RailExtensionPoint } from '../extension-points/rail-extension.decorator.js';
import type { StartupCheck, StartupProblem } from '../startup/startup-check.js';
import { ACCESS_REQUIREMENT, type AccessRequirement } from './access-requirement.decorator.js';
import { rootFieldOf } from './root-field.js';

/** One root field and how it is guarded (`undefined`: not at all). */
export interface RootFieldAccess {
  readonly field: string;
  readonly handler: string;
  readonly requirement: AccessRequirement | undefined;
}

/**
 * Default-deny for hand-written resolvers, decided before the first request: a
 * root field with no declared requirement (`@RequirePermission`,
 * `@RequireRole`, `@Public`, `@Authenticated`, or the model operation's own
 * decision) stops the app, naming the field. Without this check such a field
 * would be open to every signed-in user, because a guard cannot tell
 * "forgotten" from "meant to be open".
 */
@RailExtension(RailExtensionPoint.StartupCheck)
export class RootFieldAccessCheck implements StartupCheck {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  startupProblems(): StartupProblem[] {
    const unguarded = this.rootFields().filter((field) => field.requirement === undefined);
    if (unguarded.length === 0) return [];
    const list = unguarded.map((field) => `${field.field} (${field.handler})`).join(', ');
    return [
      {
        source: 'RailModule',
        message:
          `Root fields without an access requirement: ${list}. Give each @RequirePermission(...), ` +
          '@RequireRole(...), @Authenticated() (any signed-in user) or @Public() (no sign-in).',
      },
    ];
  }

  /** Every root field of the app's resolvers with its requirement. */
  rootFields(): RootFieldAccess[] {
    const fields: RootFieldAccess[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object | null;
      if (!prototype) continue;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, unknown>)[method];
        if (typeof handler !== 'function') continue;
        const field = rootFieldOf(handler, method);
        if (!field) continue;
        fields.push({
          field,
          handler: `${instance.constructor.name}.${method}`,
          requirement: this.reflector.getAllAndOverride<AccessRequirement | undefined>(ACCESS_REQUIREMENT, [
            handler,
            instance.constructor,
          ]),
        });
      }
    }
    return fields;
  }
}
