import { readdirSync, readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';

/** The Docker image installs the workspaces before copying their sources: each needs its package.json there. */
describe('the Dockerfile', () => {
  const dockerfile = readFileSync('Dockerfile', 'utf8');
  const installStep = dockerfile.slice(0, dockerfile.indexOf('RUN npm ci'));

  it.each(readdirSync('libs'))('copies libs/%s/package.json before npm ci', (library) => {
    expect(installStep).toContain(`COPY libs/${library}/package.json libs/${library}/`);
  });
});

interface KubernetesDocument {
  kind: string;
  spec?: {
    replicas?: number;
    template?: { spec: { containers: Array<{ env: Array<{ name: string; value?: string }> }> } };
  };
}

/**
 * More than one replica needs the redis task backend: on the inline default
 * before leases, every starting pod put the running tasks of live pods back
 * to PENDING, and a rolling update delivered webhooks twice (issue #19).
 */
describe('docs/deploy/kubernetes.yaml', () => {
  const documents = loadAll(readFileSync('docs/deploy/kubernetes.yaml', 'utf8')) as KubernetesDocument[];
  const deployment = documents.find((document) => document.kind === 'Deployment');

  it('runs its replicas on the redis task backend, with Redis', () => {
    expect(deployment?.spec?.replicas).toBeGreaterThan(1);
    const env = deployment?.spec?.template?.spec.containers[0].env ?? [];
    const value = (name: string) => env.find((variable) => variable.name === name);
    expect(value('RAIL_TASK_BACKEND')?.value).toBe('redis');
    expect(value('REDIS_URL')).toBeDefined();
  });
});
