import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { RailConfigurationError } from '@rail/core';

// The auth library's module, by name: this library does not depend on it.
const AUTH_MODULE = 'RailAuthModule';

/**
 * Stops start-up when the rate limit would run before authentication. Nest
 * runs global guards in the order their modules were scanned (the order of
 * `imports`, depth first), which is the order of the modules container; run
 * first, the guard would find no principal and count every signed-in user
 * by address.
 */
@Injectable()
export class GuardOrderCheck implements OnModuleInit {
  constructor(private readonly modules: ModulesContainer) {}

  onModuleInit(): void {
    const order = [...this.modules.values()];
    const own = order.findIndex((module) => module.providers.has(GuardOrderCheck));
    const auth = order.findIndex((module) => module.metatype?.name === AUTH_MODULE);
    if (auth > own) {
      throw new RailConfigurationError(
        `RailRateLimitModule is imported before ${AUTH_MODULE}: import it after, so that the rate limit ` +
          'runs after authentication and counts signed-in users by user rather than by address',
      );
    }
  }
}
