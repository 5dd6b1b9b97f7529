import type { DataSource } from 'typeorm';
import type { ConfiguredWebhookEndpoint } from './rail-webhooks.options.js';
import type { SsrfGuard } from './ssrf-guard.js';
import { WebhookEndpoint } from './webhook-endpoint.entity.js';

/**
 * Endpoints from configuration, created or updated at start-up (matched by
 * company and URL); their URLs pass the same guard as endpoints made through
 * the API, and their secrets are stored sealed.
 */
export async function syncConfiguredEndpoints(
  dataSource: DataSource,
  guard: SsrfGuard,
  configured: readonly ConfiguredWebhookEndpoint[],
  seal: (secret: string) => string,
): Promise<void> {
  const repository = dataSource.getRepository(WebhookEndpoint);
  for (const endpoint of configured) {
    const url = (await guard.assertAllowedUrl(endpoint.url)).toString();
    const { secret, companyId, description, ...settings } = endpoint;
    const existing = await repository.findOne({ where: { companyId, url } });
    const values = { ...settings, url, description: description ?? 'configured', secretSealed: seal(secret) };
    if (existing) await repository.update({ id: existing.id }, values);
    else await repository.insert({ ...values, companyId, active: true });
  }
}
