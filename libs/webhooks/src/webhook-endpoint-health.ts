import { Logger } from '@nestjs/common';
import type { AuditSink } from '@rail/core';
import type { DataSource } from 'typeorm';
import { WebhookEndpoint } from './webhook-endpoint.entity.js';

/**
 * Tracks since when an endpoint has been failing; past `disableAfterMs` it is
 * disabled (once, whichever instance sees it first) and the audit trail says so.
 */
export class WebhookEndpointHealth {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly dataSource: DataSource,
    private readonly disableAfterMs: number,
    private readonly audit: AuditSink | undefined,
  ) {}

  async noteOutcome(endpoint: WebhookEndpoint, delivered: boolean): Promise<void> {
    const endpoints = this.dataSource.getRepository(WebhookEndpoint);
    if (delivered) {
      if (endpoint.failingSince) await endpoints.update({ id: endpoint.id }, { failingSince: null });
      return;
    }
    const since = endpoint.failingSince ?? new Date();
    if (!endpoint.failingSince) await endpoints.update({ id: endpoint.id }, { failingSince: since });
    if (Date.now() - since.getTime() < this.disableAfterMs) return;
    const reason = `failing since ${since.toISOString()}`;
    const disabled = await endpoints.update(
      { id: endpoint.id, active: true },
      { active: false, disabledReason: reason },
    );
    if (disabled.affected !== 1) return;
    this.logger.warn(`Webhook endpoint ${endpoint.id} disabled: ${reason}`);
    await this.audit?.record({
      eventType: 'webhook.endpoint.disabled',
      outcome: 'failure',
      companyId: endpoint.companyId,
      actorId: null,
      actorRoles: null,
      model: 'WebhookEndpoint',
      entityId: String(endpoint.id),
      reason: 'failing_too_long',
      details: { url: endpoint.url, failingSince: since.toISOString() },
    });
  }
}
