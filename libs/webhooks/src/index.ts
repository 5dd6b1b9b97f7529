import { WebhookDelivery } from './webhook-delivery.entity.js';
import { WebhookEndpoint } from './webhook-endpoint.entity.js';
import { WebhookEvent } from './webhook-event.entity.js';

export { RailWebhooksModule, type RailWebhooksAsyncOptions } from './rail-webhooks.module.js';
export type { RailWebhooksOptions } from './rail-webhooks.options.js';
export { WebhookDispatcher } from './webhook-dispatcher.service.js';
export { WebhookEndpoint } from './webhook-endpoint.entity.js';
export { WebhookEvent } from './webhook-event.entity.js';
export { WebhookDelivery } from './webhook-delivery.entity.js';
export type { WebhookPayload } from './webhook-payload.js';
export { signWebhook, verifyWebhook, generateWebhookSecret } from './standard-webhooks.js';
export {
  SsrfGuard,
  WEBHOOK_ADDRESS_BLOCKED,
  type SsrfGuardOptions,
  type WebhookHostResolver,
} from './ssrf-guard.js';

/** The webhook tables, to list with the app's TypeORM and schema entities. */
export const webhookEntities = [WebhookEndpoint, WebhookEvent, WebhookDelivery];
export { EmitsWebhookEvents, emitsWebhookEvents } from './emits-webhook-events.decorator.js';
