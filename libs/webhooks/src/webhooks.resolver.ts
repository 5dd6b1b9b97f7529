import { randomUUID } from 'node:crypto';
import { Args, Field, ID, InputType, Info, Int, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  RailError,
  RailErrorCode,
  RailExtensions,
  RequestContext,
  modelType,
  ModelReader,
  RequirePermission,
} from '@rail/core';
import type { GraphQLResolveInfo } from 'graphql';
import { DataSource } from 'typeorm';
import { Inject } from '@nestjs/common';
import { RAIL_WEBHOOKS_OPTIONS, type ResolvedWebhooksOptions } from './rail-webhooks.options.js';
import { generateWebhookSecret } from './standard-webhooks.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';
import { WebhookDispatcher } from './webhook-dispatcher.service.js';
import { newDelivery } from './webhook-outbox.js';
import { WebhookEndpoint } from './webhook-endpoint.entity.js';
import { WebhookEvent } from './webhook-event.entity.js';

@InputType({ description: 'Where events go and which ones.' })
export class WebhookEndpointInput {
  @Field({ nullable: true, description: 'https URL (checked: no internal addresses)' })
  url?: string;

  @Field({ nullable: true })
  description?: string;

  @Field(() => [String], { nullable: true, description: 'order.created, order.*, * …' })
  events?: string[];

  @Field(() => [String], { nullable: true })
  modelsInclude?: string[];

  @Field(() => [String], { nullable: true })
  modelsExclude?: string[];

  @Field(() => [String], { nullable: true })
  fieldsInclude?: string[];

  @Field(() => [String], { nullable: true })
  fieldsExclude?: string[];

  @Field({ nullable: true, description: "The role whose field policies shape the payload's data" })
  role?: string;

  @Field({ nullable: true })
  active?: boolean;
}

@ObjectType({ description: 'An endpoint with its signing secret, shown this once.' })
export class WebhookEndpointSecret {
  @Field(() => ID)
  endpointId!: string;

  @Field({ description: 'whsec_…: verify deliveries with it (any Standard Webhooks library).' })
  secret!: string;
}

@ObjectType({ description: 'The outcome of one delivery attempt.' })
export class WebhookTestResult {
  @Field(() => Int, { nullable: true })
  status!: number | null;

  @Field(() => Int)
  latencyMs!: number;

  @Field({ nullable: true })
  error?: string;
}

const MAX_LIST = 100;

/** Admin management of a company's endpoints (`webhook.*`), and redelivery. */
@Resolver()
export class WebhooksResolver {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reader: ModelReader,
    private readonly dispatcher: WebhookDispatcher,
    private readonly context: RequestContext,
    private readonly extensions: RailExtensions,
    @Inject(RAIL_WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
  ) {}

  @RequirePermission('webhook.create')
  @Mutation(() => WebhookEndpointSecret, { description: 'Adds an endpoint; its secret is shown once.' })
  async createWebhookEndpoint(@Args('input') input: WebhookEndpointInput): Promise<WebhookEndpointSecret> {
    const companyId = this.context.principal?.companyId ?? null;
    if (!companyId) throw new RailError(RailErrorCode.FORBIDDEN, 'Webhook endpoints belong to a company');
    if (!input.url) throw new RailError(RailErrorCode.BAD_USER_INPUT, 'url is required', { field: 'url' });
    const role = this.role(input.role) ?? 'catalog_viewer';
    const url = (await this.dispatcher.guard.assertAllowedUrl(input.url)).toString();
    const secret = generateWebhookSecret();
    const endpoint = await this.dataSource.getRepository(WebhookEndpoint).save({
      companyId,
      url,
      description: input.description ?? null,
      events: this.list(input.events, 'events') ?? ['*'],
      modelsInclude: this.list(input.modelsInclude, 'modelsInclude') ?? [],
      modelsExclude: this.list(input.modelsExclude, 'modelsExclude') ?? [],
      fieldsInclude: this.list(input.fieldsInclude, 'fieldsInclude') ?? [],
      fieldsExclude: this.list(input.fieldsExclude, 'fieldsExclude') ?? [],
      role,
      secretSealed: this.dispatcher.seal(secret),
      active: input.active ?? true,
    });
    return { endpointId: String(endpoint.id), secret };
  }

  @RequirePermission('webhook.update')
  @Mutation(() => modelType(WebhookEndpoint))
  async updateWebhookEndpoint(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: WebhookEndpointInput,
    @Info() info: GraphQLResolveInfo,
  ): Promise<object> {
    await this.endpoint(id);
    const changes: Partial<WebhookEndpoint> = {};
    if (input.url !== undefined && input.url !== null)
      changes.url = (await this.dispatcher.guard.assertAllowedUrl(input.url)).toString();
    if (input.description !== undefined) changes.description = input.description ?? null;
    for (const key of [
      'events',
      'modelsInclude',
      'modelsExclude',
      'fieldsInclude',
      'fieldsExclude',
    ] as const) {
      const value = this.list(input[key], key);
      if (value) changes[key] = value;
    }
    const role = this.role(input.role);
    if (role) changes.role = role;
    if (input.active !== undefined && input.active !== null) {
      changes.active = input.active;
      // Turning an endpoint back on starts its failure clock afresh.
      if (input.active) Object.assign(changes, { failingSince: null, disabledReason: null });
    }
    await this.dataSource.getRepository(WebhookEndpoint).update({ id: Number(id) }, changes);
    return (await this.reader.retrieve(this.reader.registry.forEntity(WebhookEndpoint), id, info))!;
  }

  @RequirePermission('webhook.delete')
  @Mutation(() => Boolean)
  async deleteWebhookEndpoint(@Args('id', { type: () => ID }) id: string): Promise<boolean> {
    await this.endpoint(id);
    await this.dataSource
      .getRepository(WebhookEndpoint)
      .update({ id: Number(id) }, { active: false, disabledReason: 'deleted' });
    await this.dataSource.getRepository(WebhookEndpoint).delete({ id: Number(id) });
    return true;
  }

  @RequirePermission('webhook.update')
  @Mutation(() => WebhookEndpointSecret, {
    description:
      'A new secret, shown once; the old one keeps signing (as a second signature) for the grace period.',
  })
  async rotateWebhookSecret(@Args('id', { type: () => ID }) id: string): Promise<WebhookEndpointSecret> {
    const endpoint = await this.endpoint(id);
    const secret = generateWebhookSecret();
    await this.dataSource.getRepository(WebhookEndpoint).update(
      { id: endpoint.id },
      {
        secretSealed: this.dispatcher.seal(secret),
        previousSecretSealed: endpoint.secretSealed,
        previousSecretExpiresAt: new Date(Date.now() + this.options.rotationGraceSeconds * 1000),
      },
    );
    return { endpointId: id, secret };
  }

  @RequirePermission('webhook.update')
  @Mutation(() => WebhookTestResult, {
    description: 'Sends a webhook.test event now and answers how it went.',
  })
  async testWebhookEndpoint(@Args('id', { type: () => ID }) id: string): Promise<WebhookTestResult> {
    const endpoint = await this.endpoint(id);
    const eventId = `msg_${randomUUID()}`;
    await this.dataSource.getRepository(WebhookEvent).insert({
      id: eventId,
      companyId: endpoint.companyId,
      type: 'webhook.test',
      model: null,
      entityId: null,
      after: { message: 'This is a test event from Rail.' },
      before: null,
    });
    await this.dataSource
      .getRepository(WebhookDelivery)
      .insert(newDelivery(endpoint.companyId, eventId, endpoint.id));
    const [delivery] = await this.dispatcher.deliveriesOf([eventId]);
    await this.dispatcher.deliver(delivery.id);
    const [after] = await this.dispatcher.deliveriesOf([eventId]);
    const attempt = after.log.at(-1)!;
    return { status: attempt.status, latencyMs: attempt.latencyMs, error: attempt.error };
  }

  @RequirePermission('webhook.update')
  @Mutation(() => Int, {
    description: 'Sends a stored event again to the endpoints that want it; answers how many.',
  })
  async redeliverWebhook(@Args('eventId') eventId: string): Promise<number> {
    const event = await this.reader.findOne(this.reader.registry.forEntity(WebhookEvent), eventId);
    if (!event) throw new RailError(RailErrorCode.NOT_FOUND, `Webhook event ${eventId} does not exist`);
    return this.dispatcher.redeliver(eventId);
  }

  /** The endpoint, if the caller may see it (same company, webhook.view): else NOT_FOUND. */
  private async endpoint(id: string): Promise<WebhookEndpoint> {
    const visible = await this.reader.findOne(this.reader.registry.forEntity(WebhookEndpoint), id);
    if (!visible) throw new RailError(RailErrorCode.NOT_FOUND, `Webhook endpoint ${id} does not exist`);
    return this.dataSource.getRepository(WebhookEndpoint).findOneByOrFail({ id: Number(id) });
  }

  private list(value: string[] | null | undefined, field: string): string[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (value.length > MAX_LIST || value.some((item) => item.length === 0 || item.length > 100)) {
      throw new RailError(
        RailErrorCode.BAD_USER_INPUT,
        `${field}: at most ${MAX_LIST} names of 1–100 characters`,
        {
          field,
        },
      );
    }
    return value;
  }

  private role(value: string | null | undefined): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (!/^[a-z][a-z0-9_]{0,63}$/.test(value))
      throw new RailError(RailErrorCode.BAD_USER_INPUT, 'role: a role name such as support', {
        field: 'role',
      });
    // A misspelt role would read nothing (or, worse, mean a role added later): refused now.
    if (this.extensions.knowsRole(value) === false)
      throw new RailError(RailErrorCode.BAD_USER_INPUT, `role: no role is named ${JSON.stringify(value)}`, {
        field: 'role',
      });
    return value;
  }
}
