import { Inject, Injectable } from '@nestjs/common';
import type { RailSignal } from '@rail/core';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import {
  RAIL_OBSERVABILITY_OPTIONS,
  type ResolvedObservabilityOptions,
} from '../rail-observability.options.js';
import { BoundedLabel } from './bounded-label.js';

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SQL_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];
const TASK_BUCKETS = [0.01, 0.05, 0.25, 1, 5, 15, 60, 300, 900, 3600];
const WEBHOOK_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** GraphQL error codes are the server's own, but a resolver may invent some: bounded all the same. */
const MAX_ERROR_CODES = 50;
/** Rules, task names: named in code, bounded in case a library names them from input. */
const MAX_NAMED_VALUES = 100;

/**
 * The app's Prometheus metrics, in a registry of its own (never prom-client's
 * global one: several apps can share a process, as in tests). Every label is
 * bounded; see docs/observability.md for the list.
 */
@Injectable()
export class RailMetrics {
  readonly registry = new Registry();
  /** False when metrics are disabled: nothing is recorded. */
  readonly enabled: boolean;

  private readonly operationNames: BoundedLabel;
  private readonly errorCodes = new BoundedLabel(MAX_ERROR_CODES);
  private readonly rules = new BoundedLabel(MAX_NAMED_VALUES);
  private readonly taskNames = new BoundedLabel(MAX_NAMED_VALUES);

  private readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly graphqlOperations: Counter<'operation' | 'type' | 'outcome'>;
  private readonly graphqlDuration: Histogram<'operation' | 'type' | 'outcome'>;
  private readonly graphqlErrors: Counter<'code'>;
  private readonly sqlStatements: Counter<'outcome'>;
  private readonly sqlDuration: Histogram<'outcome'>;
  private readonly blocked: Counter<'rule'>;
  private readonly authEvents: Counter<'type'>;
  private readonly taskAttempts: Counter<'task' | 'outcome'>;
  private readonly taskDuration: Histogram<'task' | 'outcome'>;
  private readonly webhookDeliveries: Counter<'outcome'>;
  private readonly webhookDuration: Histogram<'outcome'>;

  constructor(@Inject(RAIL_OBSERVABILITY_OPTIONS) options: ResolvedObservabilityOptions) {
    const { metrics } = options;
    this.enabled = metrics.enabled;
    this.operationNames = new BoundedLabel(metrics.maxOperationNames, metrics.knownOperations);
    const registers = [this.registry];
    this.httpRequests = new Counter({
      name: 'rail_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'rail_http_request_duration_seconds',
      help: 'Time from the request entering the app to the end of its response.',
      labelNames: ['method', 'route', 'status'],
      buckets: REQUEST_BUCKETS,
      registers,
    });
    this.graphqlOperations = new Counter({
      name: 'rail_graphql_operations_total',
      help: 'GraphQL operations, by operation name (bounded), type and outcome.',
      labelNames: ['operation', 'type', 'outcome'],
      registers,
    });
    this.graphqlDuration = new Histogram({
      name: 'rail_graphql_operation_duration_seconds',
      help: 'Time from receiving a GraphQL request to its response.',
      labelNames: ['operation', 'type', 'outcome'],
      buckets: REQUEST_BUCKETS,
      registers,
    });
    this.graphqlErrors = new Counter({
      name: 'rail_graphql_errors_total',
      help: 'Errors in GraphQL responses, by extensions.code.',
      labelNames: ['code'],
      registers,
    });
    this.sqlStatements = new Counter({
      name: 'rail_sql_statements_total',
      help: 'SQL statements run, by outcome.',
      labelNames: ['outcome'],
      registers,
    });
    this.sqlDuration = new Histogram({
      name: 'rail_sql_statement_duration_seconds',
      help: 'SQL statement execution time, as the driver reports it.',
      labelNames: ['outcome'],
      buckets: SQL_BUCKETS,
      registers,
    });
    this.blocked = new Counter({
      name: 'rail_requests_blocked_total',
      help: 'Requests refused by a guard rail (rate limits, GraphQL limits, CSRF), by rule.',
      labelNames: ['rule'],
      registers,
    });
    this.authEvents = new Counter({
      name: 'rail_auth_events_total',
      help: 'Authentication events (sign-ins, failures, lockouts, token reuse, MFA changes), by type.',
      labelNames: ['type'],
      registers,
    });
    this.taskAttempts = new Counter({
      name: 'rail_task_attempts_total',
      help: 'Background task attempts, by task and outcome.',
      labelNames: ['task', 'outcome'],
      registers,
    });
    this.taskDuration = new Histogram({
      name: 'rail_task_attempt_duration_seconds',
      help: 'Background task attempt duration.',
      labelNames: ['task', 'outcome'],
      buckets: TASK_BUCKETS,
      registers,
    });
    this.webhookDeliveries = new Counter({
      name: 'rail_webhook_deliveries_total',
      help: 'Webhook delivery attempts, by outcome.',
      labelNames: ['outcome'],
      registers,
    });
    this.webhookDuration = new Histogram({
      name: 'rail_webhook_delivery_duration_seconds',
      help: 'Webhook delivery attempt duration, until the receiver answered or the attempt gave up.',
      labelNames: ['outcome'],
      buckets: WEBHOOK_BUCKETS,
      registers,
    });
    if (metrics.enabled && metrics.defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }

  observeHttpRequest(method: string, route: string, status: number, seconds: number): void {
    if (!this.enabled) return;
    const labels = { method: HTTP_METHODS.has(method) ? method : 'OTHER', route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  observeGraphqlOperation(
    operation: string,
    type: string,
    outcome: 'success' | 'error',
    errorCodes: readonly string[],
    seconds: number,
  ): void {
    if (!this.enabled) return;
    // `(anonymous)`, `(unparsed)`: Rail's own labels, which no GraphQL name can spell, are not capped.
    const name = operation.startsWith('(') ? operation : this.operationNames.value(operation);
    const labels = { operation: name, type, outcome };
    this.graphqlOperations.inc(labels);
    this.graphqlDuration.observe(labels, seconds);
    for (const code of errorCodes) this.graphqlErrors.inc({ code: this.errorCodes.value(code) });
  }

  countAuthEvent(type: string): void {
    if (this.enabled) this.authEvents.inc({ type });
  }

  /** What the libraries report through `RailSignals`. */
  observeSignal(signal: RailSignal): void {
    if (!this.enabled) return;
    switch (signal.kind) {
      case 'sql.statement': {
        const labels = { outcome: signal.failed ? 'failed' : 'ok' };
        this.sqlStatements.inc(labels);
        this.sqlDuration.observe(labels, signal.durationMs / 1000);
        return;
      }
      case 'request.blocked':
        this.blocked.inc({ rule: this.rules.value(signal.rule) });
        return;
      case 'task.attempt': {
        const labels = { task: this.taskNames.value(signal.task), outcome: signal.outcome };
        this.taskAttempts.inc(labels);
        this.taskDuration.observe(labels, signal.durationMs / 1000);
        return;
      }
      case 'webhook.delivery':
        this.webhookDeliveries.inc({ outcome: signal.outcome });
        this.webhookDuration.observe({ outcome: signal.outcome }, signal.durationMs / 1000);
        return;
    }
  }
}
