import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import {
  RailExtension,
  RailExtensionPoint,
  type MutationEvent,
  type MutationObserver,
  ModelRegistry,
} from '@rail/core';
import type { EntityManager } from 'typeorm';
import { emitsWebhookEvents } from './emits-webhook-events.decorator.js';
import { RAIL_WEBHOOKS_OPTIONS, type ResolvedWebhooksOptions } from './rail-webhooks.options.js';
import { WebhookDispatcher } from './webhook-dispatcher.service.js';
import { entityEventType } from './webhook-event-type.js';

/** Values as JSON stores them (dates as ISO text). */
function snapshot(row: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> | null {
  return row ? (JSON.parse(JSON.stringify(row)) as Record<string, unknown>) : null;
}

/**
 * The transactional outbox: the events of a mutation are written in its own
 * transaction, just before it commits, with a delivery per subscribed
 * endpoint and the task that sends them after commit. A rolled-back write
 * sends nothing; a committed one is never lost.
 */
@RailExtension(RailExtensionPoint.MutationObserver)
export class WebhookOutboxObserver implements MutationObserver {
  /** The models whose writes become events: marked `@EmitsWebhookEvents`, or named in the options. */
  private readonly emitting: ReadonlySet<string>;

  constructor(
    private readonly dispatcher: WebhookDispatcher,
    @Inject(RAIL_WEBHOOKS_OPTIONS) options: ResolvedWebhooksOptions,
    registry: ModelRegistry,
  ) {
    const marked = registry.models.filter((model) => emitsWebhookEvents(model.entity));
    this.emitting = new Set([...options.models, ...marked.map((model) => model.name)]);
  }

  async beforeCommit(events: readonly MutationEvent[], transaction: EntityManager): Promise<void> {
    const relevant = events.filter((event) => this.emitting.has(event.model));
    if (relevant.length === 0) return;
    const companyId = relevant[0].principal?.companyId ?? null;
    await this.dispatcher.record(
      transaction,
      companyId,
      relevant.map((event) => ({
        id: `msg_${randomUUID()}`,
        type: entityEventType(event.model, event.operation),
        model: event.model,
        entityId: event.entityId ?? null,
        after: snapshot(event.after),
        before: snapshot(event.before),
      })),
    );
  }
}
