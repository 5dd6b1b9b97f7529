/**
 * Requests in flight per endpoint in this process, taken without waiting: a
 * delivery that finds its endpoint full is put back in the queue for later
 * rather than waiting here, because waiting would hold a slot of the
 * `webhooks` queue and a slow receiver would then delay every other endpoint.
 */
export class EndpointSlots {
  private readonly inFlight = new Map<number, number>();

  constructor(private readonly perEndpoint: number) {}

  /** Takes a slot of the endpoint; false when it has `perEndpoint` requests in flight already. */
  tryTake(endpointId: number): boolean {
    const taken = this.inFlight.get(endpointId) ?? 0;
    if (taken >= this.perEndpoint) return false;
    this.inFlight.set(endpointId, taken + 1);
    return true;
  }

  release(endpointId: number): void {
    const left = (this.inFlight.get(endpointId) ?? 1) - 1;
    if (left > 0) this.inFlight.set(endpointId, left);
    else this.inFlight.delete(endpointId);
  }
}
