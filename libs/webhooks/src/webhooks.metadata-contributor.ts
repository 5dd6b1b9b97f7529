import { Inject } from '@nestjs/common';
import {
  RailExtension,
  RailExtensionPoint,
  type ModelDescriptor,
  type ModelMetadataContributor,
} from '@rail/core';
import { emitsWebhookEvents } from './emits-webhook-events.decorator.js';
import { RAIL_WEBHOOKS_OPTIONS, type ResolvedWebhooksOptions } from './rail-webhooks.options.js';
import { entityEventType } from './webhook-event-type.js';

/**
 * Adds to each model whose writes become webhook events the event types an
 * endpoint can subscribe to (`webhooks: { events: ['order.created', …] }`).
 */
@RailExtension(RailExtensionPoint.ModelMetadataContributor)
export class WebhooksMetadataContributor implements ModelMetadataContributor {
  readonly key = 'webhooks';

  constructor(@Inject(RAIL_WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions) {}

  contribute(model: ModelDescriptor): Readonly<Record<string, unknown>> | undefined {
    if (!this.options.models.includes(model.name) && !emitsWebhookEvents(model.target)) return undefined;
    return {
      events: ['create', 'update', 'delete'].map((operation) => entityEventType(model.name, operation)),
    };
  }
}
