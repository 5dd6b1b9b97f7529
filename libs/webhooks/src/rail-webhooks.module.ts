import { Module } from '@nestjs/common';
import { railLibraryModule, type RailLibraryAsyncOptions, ModelReader, TaskQueue } from '@rail/core';
import {
  RAIL_WEBHOOKS_OPTIONS,
  type RailWebhooksOptions,
  webhooksOptionsSchema,
  withEncryptionKey,
} from './rail-webhooks.options.js';
import { WebhookDispatcher } from './webhook-dispatcher.service.js';
import { WebhookOutboxObserver } from './webhook-outbox.observer.js';
import { WebhooksResolver } from './webhooks.resolver.js';
import { WebhooksMetadataContributor } from './webhooks.metadata-contributor.js';

/** `forRootAsync`'s argument; a `useClass` / `useExisting` class implements `createWebhooksOptions()`. */
export type RailWebhooksAsyncOptions = RailLibraryAsyncOptions<RailWebhooksOptions, 'createWebhooksOptions'>;

/**
 * Signed, retried, never-lost deliveries of entity events: a transactional
 * outbox, Standard Webhooks signatures, an SSRF guard, a delivery log.
 * Needs RailSchemaModule, RailTasksModule and RailAuthModule (secrets are
 * sealed with its SecretBox); endpoints are managed with `webhook.*`.
 *
 * @example
 * RailWebhooksModule.forRoot({ encryptionKey: process.env.WEBHOOK_ENCRYPTION_KEY, allow: ['127.0.0.1'] })
 */
@Module({})
export class RailWebhooksModule extends railLibraryModule({
  name: 'RailWebhooksModule',
  requires: [
    { module: 'RailSchemaModule', token: ModelReader },
    { module: 'RailTasksModule', token: TaskQueue },
  ],
  schema: webhooksOptionsSchema,
  optionsToken: RAIL_WEBHOOKS_OPTIONS,
  factoryMethodName: 'createWebhooksOptions',
  resolve: (options) => withEncryptionKey(options, process.env),
  module: {
    providers: [WebhookDispatcher, WebhookOutboxObserver, WebhooksResolver, WebhooksMetadataContributor],
    exports: [WebhookDispatcher],
  },
}) {}
