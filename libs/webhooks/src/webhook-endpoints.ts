import type { WebhookEndpoint } from './webhook-endpoint.entity.js';
import { subscribes } from './webhook-event-type.js';

/** Whether an endpoint wants an event of this type about this model. */
export function endpointWants(endpoint: WebhookEndpoint, type: string, model: string | null): boolean {
  if (!endpoint.active || !subscribes(endpoint.events, type)) return false;
  if (model === null) return true;
  if (endpoint.modelsExclude.includes(model)) return false;
  return endpoint.modelsInclude.length === 0 || endpoint.modelsInclude.includes(model);
}
