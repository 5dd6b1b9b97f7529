import type { FieldReadAccess, RailExtensions, RailPrincipal } from '@rail/core';
import type { WebhookEndpoint } from './webhook-endpoint.entity.js';
import type { WebhookEvent } from './webhook-event.entity.js';

export interface WebhookPayload {
  readonly id: string;
  readonly type: string;
  readonly timestamp: string;
  readonly company: string | null;
  readonly model: string | null;
  readonly data: Record<string, unknown> | null;
  readonly previous: Record<string, unknown> | null;
}

/** Who an endpoint reads as: its company and its configured role, nothing else. */
export function endpointPrincipal(endpoint: WebhookEndpoint): RailPrincipal {
  return {
    userId: `webhook:${endpoint.id}`,
    companyId: endpoint.companyId,
    roles: [endpoint.role],
    authMethods: [],
  };
}

/**
 * A row as the endpoint may see it: through the field policies of its role
 * (masked stays masked, hidden is left out, a per-row rule decided on the
 * row), then its own include and exclude lists.
 */
async function shape(
  extensions: RailExtensions,
  endpoint: WebhookEndpoint,
  model: string,
  row: Record<string, unknown> | null,
): Promise<Record<string, unknown> | null> {
  if (!row) return null;
  const fields = Object.keys(row).filter(
    (field) =>
      !endpoint.fieldsExclude.includes(field) &&
      (endpoint.fieldsInclude.length === 0 || endpoint.fieldsInclude.includes(field)),
  );
  const access = await extensions.fieldReadAccess({ principal: endpointPrincipal(endpoint), model, fields });
  const shaped: Record<string, unknown> = {};
  for (const field of fields) {
    const rule: FieldReadAccess | undefined = access.get(field);
    const decided = rule?.visibility === 'per-row' ? rule.decide(row) : rule;
    if (!decided || decided.visibility === 'visible') shaped[field] = row[field];
    else if (decided.visibility === 'masked')
      shaped[field] = row[field] === null ? null : decided.mask(row[field]);
  }
  return shaped;
}

export async function webhookPayload(
  extensions: RailExtensions,
  endpoint: WebhookEndpoint,
  event: WebhookEvent,
): Promise<WebhookPayload> {
  const deleted = event.after === null;
  return {
    id: event.id,
    type: event.type,
    timestamp: event.createdAt.toISOString(),
    company: event.companyId,
    model: event.model,
    data: event.model
      ? await shape(extensions, endpoint, event.model, deleted ? event.before : event.after)
      : event.after,
    previous: event.model && !deleted ? await shape(extensions, endpoint, event.model, event.before) : null,
  };
}
