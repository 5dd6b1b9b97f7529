import { readFileSync } from 'node:fs';
import { PATH_METADATA } from '@nestjs/common/constants';
import { HealthController } from '@rail/health';
import { loadAll } from 'js-yaml';

interface Probe {
  httpGet: { path: string; port: string };
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef: { name: string; key: string } };
}

interface Container {
  ports: Array<{ name: string; containerPort: number }>;
  env: EnvVar[];
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  startupProbe: Probe;
  readinessProbe: Probe;
  livenessProbe: Probe;
}

interface Manifest {
  kind: string;
  metadata: { name: string };
  spec: Record<string, unknown>;
}

// The manifest of docs/health.md: valid YAML, probes on the routes the health library serves,
// and a grace period long enough for the drain delay.
describe('docs/deploy/kubernetes.yaml', () => {
  const documents = loadAll(readFileSync('docs/deploy/kubernetes.yaml', 'utf8')) as Manifest[];
  const byKind = (kind: string) => {
    const found = documents.find((document) => document.kind === kind);
    if (!found) throw new Error(`No ${kind} in the manifest`);
    return found;
  };
  const deployment = byKind('Deployment');
  const pod = (deployment.spec.template as { metadata: { labels: Record<string, string> }; spec: unknown })
    .spec as { terminationGracePeriodSeconds: number; containers: Container[] };
  const container = pod.containers[0];
  const env = (name: string) => container.env.find((variable) => variable.name === name);

  it('holds a Deployment and a Service', () => {
    expect(documents.map((document) => document.kind)).toEqual(['Deployment', 'Service']);
  });

  it('probes the three health routes of the library', () => {
    const base = Reflect.getMetadata(PATH_METADATA, HealthController) as string;
    const route = (method: 'live' | 'ready' | 'startup') =>
      `/${base}/${Reflect.getMetadata(PATH_METADATA, Object.getOwnPropertyDescriptor(HealthController.prototype, method)?.value as object) as string}`;
    expect(container.livenessProbe.httpGet.path).toBe(route('live'));
    expect(container.readinessProbe.httpGet.path).toBe(route('ready'));
    expect(container.startupProbe.httpGet.path).toBe(route('startup'));
    for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) {
      expect(container.ports.map((port) => port.name)).toContain(probe.httpGet.port);
    }
  });

  it('gives readiness more time than the components have, and drains before the grace period ends', () => {
    const componentTimeoutMs = Number(env('RAIL_HEALTH_TIMEOUT_MS')?.value);
    expect(container.readinessProbe.timeoutSeconds * 1000).toBeGreaterThan(componentTimeoutMs);
    const drainMs = Number(env('RAIL_SHUTDOWN_DELAY_MS')?.value);
    // Readiness must fail (one period) well within the drain delay, and the drain leave time for requests.
    expect(
      container.readinessProbe.periodSeconds * container.readinessProbe.failureThreshold * 1000,
    ).toBeLessThanOrEqual(drainMs);
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThanOrEqual(drainMs + 20_000);
  });

  it('reads the secrets from a Secret and sets resources', () => {
    for (const name of [
      'DATABASE_URL',
      'REDIS_URL',
      'JWT_SECRET',
      'MFA_ENCRYPTION_KEY',
      'EXPORT_SIGNING_SECRET',
    ]) {
      expect(env(name)).toEqual({ name, valueFrom: { secretKeyRef: { name: 'rail-store-api', key: name } } });
    }
    expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources.limits.memory).toEqual(expect.any(String));
  });

  it('routes the Service to the pods by their labels and named port', () => {
    const service = byKind('Service');
    const labels = (deployment.spec.template as { metadata: { labels: Record<string, string> } }).metadata
      .labels;
    expect(labels).toMatchObject(service.spec.selector as Record<string, string>);
    expect((service.spec.ports as Array<{ targetPort: string }>)[0].targetPort).toBe('http');
  });
});
