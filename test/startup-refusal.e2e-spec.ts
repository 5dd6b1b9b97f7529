import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { describeStartupError, RailModule, type RailModuleOptions } from '@rail/core';
import { CapturedLogs } from './support/captured-logs.js';
import { startStoreApp } from './support/store-app.js';

/** What stopped a start that was expected to fail. */
async function failureOf(starting: Promise<unknown>): Promise<string> {
  const failure = await starting.then(
    () => new Error('expected start-up to fail'),
    (error: unknown) => error,
  );
  return describeStartupError(failure);
}

/** Compiles a module with RailModule and returns what stopped it. */
async function startupFailure(options: RailModuleOptions): Promise<string> {
  const compiling = Test.createTestingModule({ imports: [RailModule.forRoot(options)] })
    .setLogger({ log: () => undefined, error: () => undefined, warn: () => undefined })
    .compile();
  const error: unknown = await compiling.then(
    () => new Error('expected start-up to fail'),
    (failure: unknown) => failure,
  );
  return describeStartupError(error);
}

describe('start-up refuses a bad configuration with a message that names it', () => {
  it('a wrong option value: the key, the value and what is expected', async () => {
    const message = await startupFailure({ graphql: { path: 'graphql' } });
    expect(message).toContain('Invalid RailModule options');
    expect(message).toContain('"graphql.path": expected a path starting with "/", received "graphql"');
  });

  it('a value of the wrong type', async () => {
    const message = await startupFailure({ database: { connectRetries: 'many' as unknown as number } });
    expect(message).toMatch(/"database\.connectRetries": .*expected number.*received "many"/);
  });

  it('an unknown (misspelt) key', async () => {
    const message = await startupFailure({ grapql: {} } as RailModuleOptions);
    expect(message).toContain('"grapql" is not a known option');
  });

  it('a database URL of an unsupported kind, without printing its password', async () => {
    const message = await startupFailure({ database: { url: 'mysql://root:hunter2@db/store' } });
    expect(message).toContain('"database.url": expected a postgres:// or postgresql:// URL');
    expect(message).toContain('mysql://root:***@db/store');
    expect(message).not.toContain('hunter2');
  });

  it('a malformed DATABASE_URL in the environment of the store app', async () => {
    const failure = await startStoreApp({ env: { DATABASE_URL: 'sqlite://./x.db' } }).then(
      () => new Error('expected start-up to fail'),
      (error: unknown) => error,
    );
    expect(describeStartupError(failure)).toContain(
      'Invalid environment variable DATABASE_URL: expected a postgres:// or postgresql:// URL, received "sqlite://./x.db"',
    );
  });

  it('an unreachable database: one sentence on what to check, after the configured retries only', async () => {
    const started = Date.now();
    const message = await startupFailure({
      database: { url: 'postgres://rail@127.0.0.1:1/store', connectRetries: 0 },
    });
    expect(message).toBe(
      'Cannot connect to the database: nothing is listening at that address (ECONNREFUSED). Check DATABASE_URL, or unset it to use the embedded SQLite database.',
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('production refuses weak secrets, naming the variable', () => {
  const PRODUCTION = {
    NODE_ENV: 'production',
    JWT_SECRET: 'Zq3xV8pL2mN7rT4wY9bC6dF1hJ5kS0aE',
    MFA_ENCRYPTION_KEY: '4jfJs99WK1VrHzKyuIQW7NTtuZqtjuTaRBTfpZ3YOf8=',
    EXPORT_SIGNING_SECRET: 'mLtSZex6u0PqURRzT1b8cW3yN5vQ7dKe',
    WEBHOOK_ENCRYPTION_KEY: 'oJ8Yc2n5Q0tVw3Zr6Ux9Ab1Cd4Ef7Gh2IkLmNoPqRs=',
  };

  it.each([
    ['JWT_SECRET', 'a'.repeat(40)],
    ['JWT_SECRET', 'qwertyuiopasdfghjklzxcvbnm1234567890'],
    ['EXPORT_SIGNING_SECRET', 'password1234567890password12345678'],
    ['WEBHOOK_ENCRYPTION_KEY', 'abcdefghijklmnopqrstuvwxyz0123456789'],
    ['METRICS_TOKEN', '1111111111111111'],
  ])('%s = %j', async (name, value) => {
    const failure = await startStoreApp({ env: { ...PRODUCTION, [name]: value }, user: null }).then(
      () => new Error('expected start-up to fail'),
      (error: unknown) => error,
    );
    expect(describeStartupError(failure)).toContain(`Environment variable ${name} is too weak`);
  });

  it('the libraries refuse a weak secret in their options too, naming the option', async () => {
    const { resolveObservabilityOptions } = await import('@rail/observability');
    expect(() =>
      resolveObservabilityOptions({ metrics: { token: 'a'.repeat(40) } }, { NODE_ENV: 'production' }),
    ).toThrow('RailObservabilityModule option "metrics.token" is too weak');
    // The control: a random token is taken.
    expect(
      resolveObservabilityOptions(
        { metrics: { token: 'mLtSZex6u0PqURRzT1b8cW3y' } },
        { NODE_ENV: 'production' },
      ).metrics.token,
    ).toBe('mLtSZex6u0PqURRzT1b8cW3y');
  });
});

describe('the sample store refuses a roles file that grants what the app does not have', () => {
  const sample = readFileSync('apps/store-api/roles.yml', 'utf8');
  const directory = mkdtempSync(join(tmpdir(), 'rail-roles-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const rolesFile = (yaml: string): string => {
    const path = join(directory, `roles-${Math.random().toString(36).slice(2)}.yml`);
    writeFileSync(path, yaml);
    return path;
  };

  it('a misspelt model: names the role, the permission and the nearest model', async () => {
    const path = rolesFile(sample.replace('      - product.view\n', '      - prodcut.view\n'));
    const message = await failureOf(startStoreApp({ env: { RAIL_ROLES_FILE: path }, user: null }));
    expect(message).toContain(
      `RailRbacModule: roles file "${path}": role "catalog_viewer" grants "prodcut.view": no model or permission prodcut (did you mean product?)`,
    );
  });

  it('a misspelt action: names the nearest action of that model', async () => {
    const path = rolesFile(sample.replace('      - order.view\n', '      - order.veiw\n'));
    const message = await failureOf(startStoreApp({ env: { RAIL_ROLES_FILE: path }, user: null }));
    expect(message).toContain(
      'role "support" grants "order.veiw": order has no action veiw (did you mean view?)',
    );
  });

  it('starts with the sample roles file: every name it grants means something (the control)', async () => {
    const store = await startStoreApp({ env: { RAIL_ROLES_FILE: rolesFile(sample) }, user: null });
    await store.close();
  });
});

describe('production: every secret problem at once, SQLite a warning', () => {
  it('lists every missing and weak secret in one message', async () => {
    const message = await failureOf(
      startStoreApp({ env: { NODE_ENV: 'production', METRICS_TOKEN: '1111111111111111' }, user: null }),
    );
    expect(message).toContain('Production secrets are missing or weak:');
    for (const missing of ['JWT_SECRET', 'MFA_ENCRYPTION_KEY', 'EXPORT_SIGNING_SECRET']) {
      expect(message).toContain(`Environment variable ${missing} is missing`);
    }
    expect(message).toContain('Environment variable METRICS_TOKEN is too weak');
    // Optional ones that are unset are not problems: the webhook key falls back to the MFA key.
    expect(message).not.toContain('WEBHOOK_ENCRYPTION_KEY');
  });

  it('on the embedded SQLite file: starts, with a warning line', async () => {
    const logs = new CapturedLogs();
    const store = await startStoreApp({
      env: {
        NODE_ENV: 'production',
        JWT_SECRET: 'Zq3xV8pL2mN7rT4wY9bC6dF1hJ5kS0aE',
        MFA_ENCRYPTION_KEY: '4jfJs99WK1VrHzKyuIQW7NTtuZqtjuTaRBTfpZ3YOf8=',
        EXPORT_SIGNING_SECRET: 'mLtSZex6u0PqURRzT1b8cW3yN5vQ7dKe',
      },
      logger: logs,
      user: null,
    });
    await store.close();
    const warning = logs.at('warn');
    if (store.database.kind === 'sqlite') {
      expect(warning).toContain('"event":"startup.problem","severity":"warning","source":"RailModule"');
      expect(warning).toContain('production runs on the embedded SQLite file');
    } else {
      expect(warning).not.toContain('embedded SQLite');
    }
  });
});
