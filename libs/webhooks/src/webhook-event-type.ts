/** `OrderItem` → `order_item`: event types use the model's name in snake case. */
export function eventModelName(model: string): string {
  return model.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** `create` → `order.created`; an action (confirm) is an update. */
export function entityEventType(model: string, operation: string): string {
  const verb = operation === 'create' ? 'created' : operation === 'delete' ? 'deleted' : 'updated';
  return `${eventModelName(model)}.${verb}`;
}

/** Whether an endpoint's `events` (`order.created`, `order.*`, `*`) take an event type. */
export function subscribes(patterns: readonly string[], type: string): boolean {
  return patterns.some(
    (pattern) =>
      pattern === '*' ||
      pattern === type ||
      (pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1))),
  );
}
