import { Injectable } from '@nestjs/common';

/**
 * The requests this library refused a field of, for the GraphQL status
 * plugin. Only its own refusals: other `RATE_LIMITED` errors (the auth
 * library's account lockout) keep their status.
 */
@Injectable()
export class RateLimitRefusals {
  // Weak: a request is forgotten with it, whatever happens to it in between.
  private readonly refused = new WeakSet<object>();

  add(request: object): void {
    this.refused.add(request);
  }

  has(request: object): boolean {
    return this.refused.has(request);
  }
}
