import { readdirSync, readFileSync } from 'node:fs';

/** The Docker image installs the workspaces before copying their sources: each needs its package.json there. */
describe('the Dockerfile', () => {
  const dockerfile = readFileSync('Dockerfile', 'utf8');
  const installStep = dockerfile.slice(0, dockerfile.indexOf('RUN npm ci'));

  it.each(readdirSync('libs'))('copies libs/%s/package.json before npm ci', (library) => {
    expect(installStep).toContain(`COPY libs/${library}/package.json libs/${library}/`);
  });
});
