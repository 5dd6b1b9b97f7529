import { randomBytes } from 'node:crypto';
import { ForbiddenException, Module } from '@nestjs/common';
import { Int, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { Authenticated, RailError, RailErrorCode } from '@rail/core';
import { DataSource } from 'typeorm';
import { CapturedLogs } from './support/captured-logs.js';
import { startStoreApp, type StoreApp } from './support/store-app.js';

/** Operations that fail the ways real resolvers do. */
@Authenticated()
@Resolver()
class FailingResolver {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Query(() => Int)
  async brokenSql(): Promise<number> {
    await this.dataSource.query('SELECT secret_column FROM missing_table');
    return 0;
  }

  @Query(() => Int)
  missingOrder(): number {
    throw new RailError(RailErrorCode.NOT_FOUND, 'Order 42 does not exist');
  }

  @Query(() => Int)
  guarded(): number {
    throw new ForbiddenException('Only admins may do this');
  }
}

@Module({ providers: [FailingResolver] })
class FailingModule {}

describe.each([
  ['production', true],
  ['development', false],
])('errors in %s', (_mode, production) => {
  const logs = new CapturedLogs();
  let store: StoreApp;
  beforeAll(async () => {
    store = await startStoreApp({
      imports: [FailingModule],
      logger: logs,
      env: production
        ? {
            NODE_ENV: 'production',
            JWT_SECRET: 'a-production-secret-of-at-least-32-bytes!',
            MFA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
            EXPORT_SIGNING_SECRET: 'a-production-export-link-secret-of-32-bytes',
          }
        : { NODE_ENV: 'development' },
    });
  });
  afterAll(() => store.close());

  it('an unexpected error carries INTERNAL_SERVER_ERROR and the request id, and is logged in full', async () => {
    const response = await store.graphql('{ brokenSql }', {}, { 'X-Request-ID': `sql-${_mode}` }).expect(200);
    const [error] = response.body.errors;
    expect(error.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.extensions.requestId).toBe(`sql-${_mode}`);
    expect(error.path).toEqual(['brokenSql']);
    expect(logs.at('error')).toContain('missing_table');
    expect(logs.at('error')).toContain(`requestId=sql-${_mode}`);
    if (production) {
      expect(error.message).toBe('Internal server error');
      expect(Object.keys(error.extensions).sort()).toEqual(['code', 'requestId']);
      expect(JSON.stringify(response.body)).not.toMatch(
        /missing_table|secret_column|SELECT|\.ts|node_modules/,
      );
    } else {
      expect(error.message).toContain('missing_table');
    }
  });

  it('an expected error keeps its message and code', async () => {
    const response = await store.graphql('{ missingOrder }').expect(200);
    expect(response.body.errors[0]).toMatchObject({
      message: 'Order 42 does not exist',
      extensions: { code: 'NOT_FOUND' },
    });
  });

  it('a Nest HTTP exception becomes its GraphQL code without leaking the raw response', async () => {
    const response = await store.graphql('{ guarded }').expect(200);
    const [error] = response.body.errors;
    expect(error.message).toBe('Only admins may do this');
    expect(Object.keys(error.extensions).sort()).toEqual(['code', 'requestId']);
    expect(error.extensions.code).toBe('FORBIDDEN');
  });

  it('a syntax error is GRAPHQL_PARSE_FAILED with HTTP 400', async () => {
    const response = await store.graphql('{ storeStats { ').expect(400);
    expect(response.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(response.body.errors[0].extensions.requestId).toEqual(expect.any(String));
  });

  it(`introspection is ${production ? 'off' : 'on'}`, async () => {
    const response = await store.graphql('{ __schema { queryType { name } } }');
    if (production) {
      expect(response.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(response.body.data).toBeUndefined();
    } else {
      expect(response.body.data.__schema.queryType.name).toBe('Query');
    }
  });
});
