import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { RailExtensionPoint } from '../extension-points/rail-extension.decorator.js';
import { RailExtensions } from '../extension-points/rail-extensions.service.js';
import { REQUEST_GUARD_STAGES, type RequestGuard } from '../extension-points/request-guard.js';

/**
 * The one global guard: runs the libraries' `RequestGuard`s in the fixed
 * order of their stages (authenticate, rate-limit, authorize). Nest runs
 * global guards in the order modules register them, which would make the
 * app's import order a security setting; here it is not.
 */
@Injectable()
export class RailGuardPipeline implements CanActivate {
  private ordered?: readonly RequestGuard[];

  constructor(private readonly extensions: RailExtensions) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    this.ordered ??= [...this.extensions.of(RailExtensionPoint.RequestGuard)].sort(
      (a, b) => REQUEST_GUARD_STAGES.indexOf(a.stage) - REQUEST_GUARD_STAGES.indexOf(b.stage),
    );
    for (const guard of this.ordered) {
      if (!(await guard.canActivate(context))) return false;
    }
    return true;
  }
}
