import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@rail/audit';
import { SecretBox } from '@rail/auth';
import { RailExtensions, RailSignals } from '@rail/core';
import { TaskHandler, TaskService } from '@rail/tasks';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager, type QueryDeepPartialEntity } from 'typeorm';
import { RAIL_WEBHOOKS_OPTIONS, type ResolvedWebhooksOptions } from './rail-webhooks.options.js';
import { SsrfGuard } from './ssrf-guard.js';
import { signWebhook } from './standard-webhooks.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';
import { WebhookDeliveryLog } from './webhook-delivery.log.js';
import { WebhookEndpoint } from './webhook-endpoint.entity.js';
import { endpointWants } from './webhook-endpoints.js';
import { WebhookEvent } from './webhook-event.entity.js';
import { isRetryable, WebhookHttpClient, type WebhookResponse } from './webhook-http.client.js';
import { webhookPayload } from './webhook-payload.js';

export const DELIVER_TASK = 'rail.webhooks.deliver';
/** Deliveries wait in a queue of their own: a slow receiver never holds the slots of reports or exports. */
export const DELIVER_QUEUE = 'webhooks';
/**
 * Runs of a delivery task beyond the first. A delivery's own retries are
 * scheduled by `deliver` (the retry schedule); these only cover a run cut
 * short by its process dying, so that the deliveries it held still go out.
 */
const DELIVER_TASK_RETRIES = 3;

export interface OutboxEvent {
  readonly id: string;
  readonly type: string;
  readonly model: string | null;
  readonly entityId: string | null;
  readonly after: Record<string, unknown> | null;
  readonly before: Record<string, unknown> | null;
}

/** A delivery not yet attempted: due at once. */
export function newDelivery(companyId: string | null, eventId: string, endpointId: number) {
  return {
    companyId,
    eventId,
    endpointId,
    status: 'PENDING' as const,
    attempts: 0,
    nextAttemptAt: new Date(),
    log: [],
  };
}

/** Seals endpoint secrets; the context binds a sealed value to webhook endpoints. */
const SECRET_CONTEXT = 'rail.webhook-endpoint';

/**
 * Records events in the outbox and delivers them: signed (Standard
 * Webhooks), retried on the configured schedule for 5xx, 408, 429 and no
 * answer, logged per attempt, with endpoints that keep failing disabled.
 * Deliveries run as tasks, so they survive restarts on either task backend.
 */
@Injectable()
export class WebhookDispatcher implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('Webhooks');
  readonly box: SecretBox;
  readonly guard: SsrfGuard;
  private readonly http: WebhookHttpClient;
  private readonly deliveryLog: WebhookDeliveryLog;
  private readonly inFlight = new Map<number, number>();
  private readonly waiting = new Map<number, Array<() => void>>();
  private audit?: AuditService;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly extensions: RailExtensions,
    private readonly tasks: TaskService,
    private readonly moduleRef: ModuleRef,
    @Inject(RAIL_WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    private readonly signals: RailSignals,
  ) {
    this.box = SecretBox.fromBase64Key(options.encryptionKey);
    this.guard = new SsrfGuard({ allow: options.allow, requireHttps: options.requireHttps });
    this.deliveryLog = new WebhookDeliveryLog(dataSource);
    this.http = new WebhookHttpClient(
      {
        connectTimeoutMs: options.connectTimeoutMs,
        totalTimeoutMs: options.totalTimeoutMs,
        maxResponseBytes: options.maxResponseBytes,
      },
      this.guard,
    );
  }

  onModuleInit(): void {
    try {
      this.audit = this.moduleRef.get(AuditService, { strict: false });
    } catch {
      this.audit = undefined;
    }
  }

  /** Configured endpoints are kept in step with the configuration (their URLs pass the same guard). */
  async onApplicationBootstrap(): Promise<void> {
    const repository = this.dataSource.getRepository(WebhookEndpoint);
    for (const configured of this.options.endpoints) {
      const url = (await this.guard.assertAllowedUrl(configured.url)).toString();
      const { secret, companyId, description, ...settings } = configured;
      const existing = await repository.findOne({ where: { companyId, url } });
      const values = {
        ...settings,
        url,
        description: description ?? 'configured',
        secretSealed: this.seal(secret),
      };
      if (existing) await repository.update({ id: existing.id }, values);
      else await repository.insert({ ...values, companyId, active: true });
    }
  }

  /**
   * A custom event (`invoice.sent`) for the company's endpoints that subscribe
   * to it: in `transaction` when given (it goes out only if that commits),
   * else at once.
   */
  async publish(
    type: string,
    data: Record<string, unknown>,
    options: { companyId: string; transaction?: EntityManager },
  ): Promise<string | null> {
    const id = `msg_${randomUUID()}`;
    const event = {
      id,
      type,
      model: null,
      entityId: null,
      after: JSON.parse(JSON.stringify(data)) as Record<string, unknown>,
      before: null,
    };
    const ids = options.transaction
      ? await this.record(options.transaction, options.companyId, [event])
      : await this.dataSource.transaction((manager) => this.record(manager, options.companyId, [event]));
    return ids.length > 0 ? id : null;
  }

  seal(secret: string): string {
    return this.box.seal(secret, SECRET_CONTEXT);
  }

  /**
   * In the caller's transaction: the events any active endpoint of the
   * company wants, a delivery per endpoint, and the task that sends them
   * once the transaction has committed.
   */
  async record(
    manager: EntityManager,
    companyId: string | null,
    events: readonly OutboxEvent[],
  ): Promise<number[]> {
    if (companyId === null || events.length === 0) return [];
    const endpoints = await manager.find(WebhookEndpoint, { where: { companyId, active: true } });
    const wanted = events
      .map((event) => ({
        event,
        endpoints: endpoints.filter((endpoint) => endpointWants(endpoint, event.type, event.model)),
      }))
      .filter(({ endpoints: chosen }) => chosen.length > 0);
    if (wanted.length === 0) return [];
    await manager.insert(
      WebhookEvent,
      // Row snapshots are JSON of the write's making, which TypeORM's partial type cannot describe.
      wanted.map(({ event }) => ({ ...event, companyId }) as QueryDeepPartialEntity<WebhookEvent>),
    );
    await manager
      .createQueryBuilder()
      .insert()
      .into(WebhookDelivery)
      .values(
        wanted.flatMap(({ event, endpoints: chosen }) =>
          chosen.map((endpoint) => newDelivery(companyId, event.id, endpoint.id)),
        ),
      )
      .updateEntity(false)
      .execute();
    // Read back rather than trust driver-specific identifiers of a multi-row insert.
    const ids = (
      await manager.find(WebhookDelivery, {
        where: { eventId: In(wanted.map(({ event }) => event.id)) },
        select: { id: true },
      })
    ).map((delivery) => delivery.id);
    await this.tasks.enqueue(
      DELIVER_TASK,
      { deliveryIds: ids },
      { transaction: manager, retries: DELIVER_TASK_RETRIES },
    );
    return ids;
  }

  /** Queues deliveries that were recorded outside a mutation (a redelivery, a test). */
  async schedule(deliveryIds: readonly number[], delayMs = 0): Promise<void> {
    if (deliveryIds.length > 0)
      await this.tasks.enqueue(
        DELIVER_TASK,
        { deliveryIds },
        { delay: delayMs, retries: DELIVER_TASK_RETRIES },
      );
  }

  @TaskHandler(DELIVER_TASK, { queue: DELIVER_QUEUE })
  async deliverTask(payload: { deliveryIds: number[] }): Promise<{ delivered: number }> {
    const results = await Promise.all(payload.deliveryIds.map((id) => this.deliver(id)));
    return { delivered: results.filter(Boolean).length };
  }

  /** One attempt of one delivery; schedules the next when it should be retried. True when delivered. */
  async deliver(deliveryId: number): Promise<boolean> {
    const deliveries = this.dataSource.getRepository(WebhookDelivery);
    const delivery = await deliveries.findOneBy({ id: deliveryId });
    if (delivery?.status !== 'PENDING') return false;
    const endpoint = await this.dataSource
      .getRepository(WebhookEndpoint)
      .findOneBy({ id: delivery.endpointId });
    const event = await this.dataSource.getRepository(WebhookEvent).findOneBy({ id: delivery.eventId });
    if (!endpoint?.active || !event) {
      await deliveries.update({ id: deliveryId }, { status: 'FAILED', nextAttemptAt: null });
      return false;
    }
    const started = await this.deliveryLog.start(delivery);
    if (!started) return false;
    const { attempts, log } = started;
    const response = await this.withEndpointSlot(endpoint.id, () => this.send(endpoint, event));
    const entry = {
      at: log[log.length - 1].at,
      attempt: attempts,
      status: response.status,
      latencyMs: response.latencyMs,
      response: response.body,
      ...(response.error ? { error: response.error } : {}),
    };
    const delivered = response.status !== null && response.status >= 200 && response.status < 300;
    const retry = !delivered && isRetryable(response) && attempts <= this.options.retrySchedule.length;
    const delayMs = retry ? this.options.retrySchedule[attempts - 1] : 0;
    await deliveries.update(
      { id: deliveryId, status: 'PENDING', attempts },
      {
        log: [...log.slice(0, -1), entry],
        lastStatus: response.status,
        status: delivered ? 'SUCCEEDED' : retry ? 'PENDING' : 'FAILED',
        nextAttemptAt: retry ? new Date(Date.now() + delayMs) : null,
      },
    );
    if (this.signals.listened)
      this.signals.emit({
        kind: 'webhook.delivery',
        outcome: delivered ? 'delivered' : retry ? 'retrying' : 'failed',
        durationMs: response.latencyMs,
      });
    await this.noteOutcome(endpoint, delivered);
    if (retry) await this.schedule([deliveryId], delayMs);
    return delivered;
  }

  /** Signs with the current secret, and the previous one during its grace period. */
  private async send(endpoint: WebhookEndpoint, event: WebhookEvent): Promise<WebhookResponse> {
    const body = JSON.stringify(await webhookPayload(this.extensions, endpoint, event));
    const secrets = [this.box.open(endpoint.secretSealed, SECRET_CONTEXT)];
    if (
      endpoint.previousSecretSealed &&
      endpoint.previousSecretExpiresAt &&
      endpoint.previousSecretExpiresAt > new Date()
    ) {
      secrets.push(this.box.open(endpoint.previousSecretSealed, SECRET_CONTEXT));
    }
    return this.http.post(endpoint.url, signWebhook(secrets, event.id, new Date(), body), body);
  }

  /** Failing since when; past `disableAfterMs` the endpoint is disabled and the audit trail says so. */
  private async noteOutcome(endpoint: WebhookEndpoint, delivered: boolean): Promise<void> {
    const endpoints = this.dataSource.getRepository(WebhookEndpoint);
    if (delivered) {
      if (endpoint.failingSince) await endpoints.update({ id: endpoint.id }, { failingSince: null });
      return;
    }
    const since = endpoint.failingSince ?? new Date();
    if (!endpoint.failingSince) await endpoints.update({ id: endpoint.id }, { failingSince: since });
    if (Date.now() - since.getTime() < this.options.disableAfterMs) return;
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

  /** At most `concurrencyPerEndpoint` deliveries to one endpoint at a time in this process. */
  private async withEndpointSlot<T>(endpointId: number, work: () => Promise<T>): Promise<T> {
    while ((this.inFlight.get(endpointId) ?? 0) >= this.options.concurrencyPerEndpoint) {
      await new Promise<void>((resolve) => {
        const queue = this.waiting.get(endpointId) ?? [];
        queue.push(resolve);
        this.waiting.set(endpointId, queue);
      });
    }
    this.inFlight.set(endpointId, (this.inFlight.get(endpointId) ?? 0) + 1);
    try {
      return await work();
    } finally {
      this.inFlight.set(endpointId, (this.inFlight.get(endpointId) ?? 1) - 1);
      this.waiting.get(endpointId)?.shift()?.();
    }
  }

  /** New deliveries of a stored event to the endpoints that want it now. */
  async redeliver(eventId: string): Promise<number> {
    const event = await this.dataSource.getRepository(WebhookEvent).findOneByOrFail({ id: eventId });
    const endpoints = (
      await this.dataSource
        .getRepository(WebhookEndpoint)
        .find({ where: { companyId: event.companyId ?? undefined, active: true } })
    ).filter((endpoint) => endpointWants(endpoint, event.type, event.model));
    if (endpoints.length === 0) return 0;
    const before = new Set((await this.deliveriesOf([event.id])).map((delivery) => delivery.id));
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(WebhookDelivery)
      .values(endpoints.map((endpoint) => newDelivery(event.companyId, event.id, endpoint.id)))
      .updateEntity(false)
      .execute();
    const added = (await this.deliveriesOf([event.id])).filter((delivery) => !before.has(delivery.id));
    await this.schedule(added.map((delivery) => delivery.id));
    return added.length;
  }

  /** Deliveries of an event, for the caller's check after `redeliver`. */
  deliveriesOf(eventIds: readonly string[]): Promise<WebhookDelivery[]> {
    return this.dataSource.getRepository(WebhookDelivery).find({ where: { eventId: In([...eventIds]) } });
  }
}
