import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import {
  RAIL_WEBHOOKS_OPTIONS,
  resolveWebhooksOptions,
  type RailWebhooksOptions,
} from './rail-webhooks.options.js';
import { WebhookDispatcher } from './webhook-dispatcher.service.js';
import { WebhookOutboxObserver } from './webhook-outbox.observer.js';
import { WebhooksResolver } from './webhooks.resolver.js';
import { WebhooksMetadataContributor } from './webhooks.metadata-contributor.js';

export interface RailWebhooksAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: Array<string | symbol | (abstract new (...args: never[]) => unknown)>;
  useFactory: (...args: never[]) => RailWebhooksOptions | Promise<RailWebhooksOptions>;
}

/**
 * Signed, retried, never-lost deliveries of entity events: a transactional
 * outbox, Standard Webhooks signatures, an SSRF guard, a delivery log.
 * Needs RailSchemaModule, RailTasksModule and RailAuthModule (secrets are
 * sealed with its SecretBox); endpoints are managed with `webhook.*`.
 */
@Module({})
export class RailWebhooksModule {
  static forRootAsync(options: RailWebhooksAsyncOptions): DynamicModule {
    return {
      module: RailWebhooksModule,
      imports: options.imports ?? [],
      providers: [
        {
          provide: RAIL_WEBHOOKS_OPTIONS,
          inject: options.inject ?? [],
          useFactory: async (...args: never[]) => resolveWebhooksOptions(await options.useFactory(...args)),
        },
        WebhookDispatcher,
        WebhookOutboxObserver,
        WebhooksResolver,
        WebhooksMetadataContributor,
      ],
      exports: [WebhookDispatcher],
    };
  }
}
