import { Inject, Injectable, Optional, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditSink, RailExtensions, RailSignals, SecretBox, TaskHandler, TaskQueue } from '@rail/core';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager, type QueryDeepPartialEntity } from 'typeorm';
import { EndpointSlots } from './endpoint-slots.js';
import { RAIL_WEBHOOKS_OPTIONS, type ResolvedWebhooksOptions } from './rail-webhooks.options.js';
import { SsrfGuard } from './ssrf-guard.js';
import { signWebhook } from './standard-webhooks.js';
import { WebhookDelivery, type DeliveryLogEntry } from './webhook-delivery.entity.js';
import { WebhookDeliveryLog } from './webhook-delivery.log.js';
import { syncConfiguredEndpoints } from './webhook-configured-endpoints.js';
import { WebhookEndpointHealth } from './webhook-endpoint-health.js';
import { WebhookEndpoint } from './webhook-endpoint.entity.js';
import { endpointWants } from './webhook-endpoints.js';
import { WebhookEvent } from './webhook-event.entity.js';
import { isRetryable, WebhookHttpClient, type WebhookResponse } from './webhook-http.client.js';
import { webhookPayload } from './webhook-payload.js';
import { newDelivery, type OutboxEvent } from './webhook-outbox.js';

export type { OutboxEvent } from './webhook-outbox.js';

export const DELIVER_TASK = 'rail.webhooks.deliver';
/** Deliveries wait in a queue of their own: a slow receiver never holds the slots of reports or exports. */
export const DELIVER_QUEUE = 'webhooks';
/**
 * The queue's slots unless the tasks options set them: deliveries mostly wait
 * on the network, and the queue needs more slots than `concurrencyPerEndpoint`
 * so that one endpoint never holds them all.
 */
const DELIVER_QUEUE_CONCURRENCY = 8;
/**
 * Runs of a delivery task beyond the first. A delivery's own retries are
 * scheduled by `deliver` (the retry schedule); these only cover a run cut
 * short by its process dying, so that the deliveries it held still go out.
 */
const DELIVER_TASK_RETRIES = 3;

/** Seals endpoint secrets; the context binds a sealed value to webhook endpoints. */
const SECRET_CONTEXT = 'rail.webhook-endpoint';

/**
 * Records events in the outbox and delivers them: signed (Standard
 * Webhooks), retried on the configured schedule for 5xx, 408, 429 and no
 * answer, logged per attempt, with endpoints that keep failing disabled.
 * Deliveries run as tasks, so they survive restarts on either task backend.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap {
  readonly box: SecretBox;
  readonly guard: SsrfGuard;
  private readonly http: WebhookHttpClient;
  private readonly deliveryLog: WebhookDeliveryLog;
  private readonly slots: EndpointSlots;
  private readonly health: WebhookEndpointHealth;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly extensions: RailExtensions,
    private readonly tasks: TaskQueue,
    @Inject(RAIL_WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    private readonly signals: RailSignals,
    @Optional() audit?: AuditSink,
  ) {
    this.box = SecretBox.fromBase64Key(options.encryptionKey);
    this.guard = new SsrfGuard({ allow: options.allow, requireHttps: options.requireHttps });
    this.deliveryLog = new WebhookDeliveryLog(dataSource);
    this.slots = new EndpointSlots(options.concurrencyPerEndpoint);
    this.health = new WebhookEndpointHealth(dataSource, options.disableAfterMs, audit);
    this.http = new WebhookHttpClient(
      {
        connectTimeoutMs: options.connectTimeoutMs,
        totalTimeoutMs: options.totalTimeoutMs,
        maxResponseBytes: options.maxResponseBytes,
      },
      this.guard,
    );
  }

  /** Configured endpoints are kept in step with the configuration (their URLs pass the same guard). */
  async onApplicationBootstrap(): Promise<void> {
    await syncConfiguredEndpoints(this.dataSource, this.guard, this.options.endpoints, (secret) =>
      this.seal(secret),
    );
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

  @TaskHandler(DELIVER_TASK, { queue: DELIVER_QUEUE, concurrency: DELIVER_QUEUE_CONCURRENCY })
  async deliverTask(payload: { deliveryIds: number[] }): Promise<{ delivered: number }> {
    const outcomes = await Promise.all(payload.deliveryIds.map((id) => this.attempt(id, false)));
    // Deliveries whose endpoint was full go back to the queue together, without an attempt counted.
    const busy = payload.deliveryIds.filter((_, index) => outcomes[index] === 'busy');
    await this.schedule(busy, this.options.busyEndpointDelayMs);
    return { delivered: outcomes.filter((outcome) => outcome === 'delivered').length };
  }

  /**
   * One attempt of one delivery now, even if its endpoint has its requests in
   * flight (an admin's test send); schedules the next when it should be
   * retried. True when delivered.
   */
  async deliver(deliveryId: number): Promise<boolean> {
    return (await this.attempt(deliveryId, true)) === 'delivered';
  }

  /** One attempt; `busy` (nothing done) when the endpoint is full and `overCap` is false. */
  private async attempt(
    deliveryId: number,
    overCap: boolean,
  ): Promise<'delivered' | 'not delivered' | 'busy'> {
    const deliveries = this.dataSource.getRepository(WebhookDelivery);
    const delivery = await deliveries.findOneBy({ id: deliveryId });
    if (delivery?.status !== 'PENDING') return 'not delivered';
    const endpoint = await this.dataSource
      .getRepository(WebhookEndpoint)
      .findOneBy({ id: delivery.endpointId });
    const event = await this.dataSource.getRepository(WebhookEvent).findOneBy({ id: delivery.eventId });
    if (!endpoint?.active || !event) {
      await deliveries.update({ id: deliveryId }, { status: 'FAILED', nextAttemptAt: null });
      return 'not delivered';
    }
    const slotTaken = this.slots.tryTake(endpoint.id);
    if (!slotTaken && !overCap) return 'busy';
    let sent: { attempts: number; log: DeliveryLogEntry[]; response: WebhookResponse } | null;
    try {
      const started = await this.deliveryLog.start(delivery);
      sent = started && { ...started, response: await this.send(endpoint, event) };
    } finally {
      if (slotTaken) this.slots.release(endpoint.id);
    }
    if (!sent) return 'not delivered';
    const { attempts, log, response } = sent;
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
    await this.health.noteOutcome(endpoint, delivered);
    if (retry) await this.schedule([deliveryId], delayMs);
    return delivered ? 'delivered' : 'not delivered';
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
