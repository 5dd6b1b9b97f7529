import { Module } from '@nestjs/common';
import { RailModule } from '@rail/core';
import { auditEntities, RailAuditModule } from '@rail/audit';
import { RailTasksModule, taskEntities } from '@rail/tasks';
import { RailExportModule } from '@rail/export';
import { RailReportingModule, reportingEntities } from '@rail/reporting';
import { RailWebhooksModule, type RailWebhooksOptions, webhookEntities } from '@rail/webhooks';
import { RailAuthModule } from '@rail/auth';
import { RailFieldSecurityModule } from '@rail/field-security';
import { RailHealthModule } from '@rail/health';
import { RailObservabilityModule } from '@rail/observability';
import { RailRateLimitModule } from '@rail/rate-limit';
import { RailRbacModule } from '@rail/rbac';
import { RailSchemaModule } from '@rail/schema';
import { AppUser, storeEntities } from './entities/index.js';
import { SalesReportResolver } from './reports/sales-report.resolver.js';
import { SalesReportTask } from './reports/sales-report.task.js';
import { storeTasksOptions } from './store-tasks-options.js';
import { SeedWhenEmpty } from './seed/seed-when-empty.service.js';
import { StoreStatsResolver } from './stats/store-stats.resolver.js';
import { storeRailOptions } from './store-rail-options.js';

@Module({
  imports: [
    RailModule.forRootAsync({ useFactory: () => storeRailOptions() }),
    // JSON logs at LOG_LEVEL (default info), Prometheus metrics at /metrics and traces (docs/observability.md).
    // /metrics needs `Authorization: Bearer $METRICS_TOKEN`; without a token it is open outside production
    // and not served in production. RAIL_METRICS_ENABLED=false turns metrics off. After RailModule: its
    // middleware reads the request context.
    RailObservabilityModule.forRootAsync({
      useFactory: () => ({
        logs: { level: process.env.LOG_LEVEL || undefined },
        metrics: {
          enabled: process.env.RAIL_METRICS_ENABLED !== 'false',
          token: process.env.METRICS_TOKEN || undefined,
        },
      }),
    }),
    // Probes at /health/live, /health/ready and /health/startup (docs/health.md). On SIGTERM readiness
    // fails at once and the app keeps serving for RAIL_SHUTDOWN_DELAY_MS before it closes (0: at once).
    RailHealthModule.forRootAsync({
      useFactory: () => ({
        redisUrl: process.env.REDIS_URL || undefined,
        timeoutMs: process.env.RAIL_HEALTH_TIMEOUT_MS
          ? Number(process.env.RAIL_HEALTH_TIMEOUT_MS)
          : undefined,
        shutdownDelayMs: Number(process.env.RAIL_SHUTDOWN_DELAY_MS || 0),
      }),
    }),
    RailSchemaModule.forRoot({
      entities: [
        ...storeEntities,
        ...auditEntities,
        ...taskEntities,
        ...reportingEntities,
        ...webhookEntities,
      ],
    }),
    RailAuthModule.forRootAsync({
      userEntity: AppUser,
      useFactory: () => ({
        // RS256 with a key pair when one is configured (keys can rotate by id), else HS256 with a secret.
        jwt: process.env.JWT_PRIVATE_KEY
          ? {
              algorithm: 'RS256' as const,
              signingKey: { kid: process.env.JWT_KEY_ID ?? 'main', privateKey: process.env.JWT_PRIVATE_KEY },
              verificationKeys: [
                { kid: process.env.JWT_KEY_ID ?? 'main', publicKey: process.env.JWT_PUBLIC_KEY ?? '' },
              ],
            }
          : { secret: process.env.JWT_SECRET },
        // Admins must use an authenticator (docs/sample-store.md); their first session can only enrol one.
        // Failed sign-ins are counted in Redis when there is one, else in the database.
        throttle: {
          redisUrl: process.env.REDIS_URL || undefined,
          redisKeyPrefix: process.env.REDIS_KEY_PREFIX ?? 'rail:',
        },
        mfa: {
          issuer: 'Rail Store',
          encryptionKey: process.env.MFA_ENCRYPTION_KEY,
          requiredForRoles: ['admin'],
        },
      }),
    }),
    // Rate limits (docs/rate-limit.md); the core's guard pipeline runs them after authentication, so signed-in callers count by user:
    // queries, mutations and sign-in/MFA each in a bucket of their own, shared in Redis when there is one.
    RailRateLimitModule.forRootAsync({
      useFactory: () => ({
        enabled: process.env.RAIL_RATE_LIMIT !== 'false',
        redisUrl: process.env.REDIS_URL || undefined,
        redisKeyPrefix: `${process.env.REDIS_KEY_PREFIX ?? 'rail:'}rate-limit:`,
        ...(process.env.RAIL_RATE_LIMIT_REDIS_TIMEOUT_MS
          ? { redisCommandTimeoutMs: Number(process.env.RAIL_RATE_LIMIT_REDIS_TIMEOUT_MS) }
          : {}),
        // "<limit>/<window>", e.g. "600/1m"; the library's defaults when unset.
        query: process.env.RAIL_RATE_LIMIT_QUERY || undefined,
        mutation: process.env.RAIL_RATE_LIMIT_MUTATION || undefined,
        auth: process.env.RAIL_RATE_LIMIT_AUTH || undefined,
      }),
    }),
    // Its guard checks @RequireRole/@RequirePermission with the signed-in principal (the pipeline's last stage).
    // Roles of the store (roles.yml). Each model says on its entity how it is scoped (@TenantScoped,
    // @OwnedBy, @PermissionPrefix); a model that does not is denied to everyone.
    // The roles file is read when the app starts (RAIL_ROLES_FILE), not when this module is loaded.
    RailRbacModule.forRootAsync({
      useFactory: () => ({
        rolesFile: process.env.RAIL_ROLES_FILE ?? 'apps/store-api/roles.yml',
        // A policy with a condition on the row: delivered and cancelled orders are final.
        policies: [
          {
            name: 'closed-orders-are-final',
            effect: 'deny',
            priority: 100,
            permissions: ['order.update'],
            // Plain updates only: the status actions answer with the status machine's own message.
            operations: ['update'],
            condition: ({ object }) => object?.status === 'delivered' || object?.status === 'cancelled',
          },
        ],
        userEntity: AppUser,
      }),
    }),
    // Field policies (docs/sample-store.md): cost price and credit limit for catalog_admin only;
    // customer email and phone in clear for catalog_admin, masked for support (and sales), hidden otherwise.
    // The policies are on the entities (@FieldPolicy); roles are asked through the rbac library's PermissionChecker.
    RailFieldSecurityModule.forRootAsync({
      useFactory: () => ({
        classifications: {
          financial: { read: { roles: ['catalog_admin'] } },
          pii: { read: { roles: ['catalog_admin'] }, maskedFor: { roles: ['support'] }, mask: '***' },
        },
        writeMode: process.env.RAIL_FIELD_WRITE_MODE === 'strip' ? 'strip' : 'reject',
      }),
    }),
    // Products, customers, orders and users are @Audited(); sign-ins, denials and role changes are recorded too.
    RailAuditModule.forRoot(),
    // Exports: the fields each entity lists in @Exportable (default-deny), under the same rules as the API.
    RailExportModule.forRootAsync({
      useFactory: () => ({
        redisUrl: process.env.REDIS_URL || undefined,
        redisKeyPrefix: `${process.env.REDIS_KEY_PREFIX ?? 'rail:'}export:`,
        storageDirectory: process.env.RAIL_EXPORT_DIRECTORY ?? './data/exports',
        signingSecret: process.env.EXPORT_SIGNING_SECRET || undefined,
        linkTtlSeconds: process.env.RAIL_EXPORT_LINK_TTL_SECONDS
          ? Number(process.env.RAIL_EXPORT_LINK_TTL_SECONDS)
          : undefined,
      }),
    }),
    // Report datasets (reports.yml): one aggregate statement each, under the same rules as the API.
    // Each dataset's permission is asked through the rbac library's PermissionChecker.
    RailReportingModule.forRootAsync({
      useFactory: () => ({
        datasetsFile: process.env.RAIL_REPORTS_FILE ?? 'apps/store-api/reports.yml',
        cacheTtlSeconds: Number(process.env.RAIL_REPORT_CACHE_SECONDS ?? 30),
      }),
    }),
    // Webhooks for the store's models (@EmitsWebhookEvents on the entity); private receivers only when allow-listed.
    RailWebhooksModule.forRootAsync({
      useFactory: () => ({
        allow: (process.env.RAIL_WEBHOOK_ALLOW ?? '').split(',').filter((entry) => entry.trim() !== ''),
        retrySchedule: process.env.RAIL_WEBHOOK_RETRY_SCHEDULE
          ? process.env.RAIL_WEBHOOK_RETRY_SCHEDULE.split(',').map(Number)
          : undefined,
        // Endpoint secrets are sealed like MFA seeds: their own key, or the MFA key.
        encryptionKey: process.env.WEBHOOK_ENCRYPTION_KEY ?? process.env.MFA_ENCRYPTION_KEY,
        // Endpoints declared in configuration (JSON), besides those admins add through the API.
        endpoints: process.env.RAIL_WEBHOOK_ENDPOINTS
          ? (JSON.parse(process.env.RAIL_WEBHOOK_ENDPOINTS) as RailWebhooksOptions['endpoints'])
          : undefined,
      }),
    }),
    // Inline (leases on task_run) by default; RAIL_TASK_BACKEND=redis queues tasks in Redis with BullMQ.
    RailTasksModule.forRootAsync({ useFactory: () => storeTasksOptions() }),
  ],
  providers: [StoreStatsResolver, SeedWhenEmpty, SalesReportTask, SalesReportResolver],
})
export class AppModule {}
