import 'reflect-metadata';

const EMITS_WEBHOOK_EVENTS = Symbol('rail:emits-webhook-events');

/**
 * Writes to the model become webhook events (`order.created`, `order.updated`,
 * …) for the endpoints subscribed to them. A model without it never leaves.
 *
 * @example
 * @EmitsWebhookEvents()
 * @Entity({ name: 'customer_order' })
 * export class Order { ... }
 */
export function EmitsWebhookEvents(): ClassDecorator {
  return (target) => Reflect.defineMetadata(EMITS_WEBHOOK_EVENTS, true, target);
}

export function emitsWebhookEvents(target: abstract new (...args: never[]) => unknown): boolean {
  return Reflect.getMetadata(EMITS_WEBHOOK_EVENTS, target) === true;
}
