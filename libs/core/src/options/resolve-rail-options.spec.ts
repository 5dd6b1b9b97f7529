import { RailConfigurationError } from './rail-configuration.error.js';
import { resolveRailOptions } from './resolve-rail-options.js';

describe('resolveRailOptions', () => {
  it('fills safe defaults for development', () => {
    const options = resolveRailOptions({}, {});
    expect(options).toMatchObject({
      production: false,
      entities: [],
      database: { url: undefined, sqlitePath: './data/rail.sqlite', migrationsRun: true, connectRetries: 2 },
      graphql: { path: '/graphql', introspection: true, graphiql: true },
    });
  });

  it('turns introspection and the IDE off when NODE_ENV=production, unless set explicitly', () => {
    expect(resolveRailOptions({}, { NODE_ENV: 'production' }).graphql).toMatchObject({
      introspection: false,
      graphiql: false,
    });
    expect(
      resolveRailOptions({ graphql: { introspection: true } }, { NODE_ENV: 'production' }).graphql,
    ).toMatchObject({
      introspection: true,
      graphiql: false,
    });
  });

  it('takes DATABASE_URL from the environment; an explicit option wins', () => {
    expect(resolveRailOptions({}, { DATABASE_URL: 'postgres://a@h/db' }).database.url).toBe(
      'postgres://a@h/db',
    );
    expect(
      resolveRailOptions({ database: { url: 'postgresql://b@h/db' } }, { DATABASE_URL: 'postgres://a@h/db' })
        .database.url,
    ).toBe('postgresql://b@h/db');
  });

  it('lists every problem at once, each naming its key', () => {
    expect(() =>
      resolveRailOptions(
        { entities: ['Product'] as never, graphql: { path: 'x', graphiql: 'yes' as never } },
        {},
      ),
    ).toThrow(
      new RailConfigurationError(
        [
          'Invalid RailModule options:',
          '  - "entities.0": expected a class, received "Product"',
          '  - "graphql.path": expected a path starting with "/", received "x"',
          '  - "graphql.graphiql": expected boolean, received "yes"',
        ].join('\n'),
      ),
    );
  });

  it('never prints the password of a DATABASE_URL it refuses', () => {
    expect(() => resolveRailOptions({}, { DATABASE_URL: 'mysql://app:s3cret@db:3306/x' })).toThrow(
      /received "mysql:\/\/app:\*\*\*@db:3306\/x"/,
    );
  });

  it('bounds the pool: the query timeout a little above the longest statement timeout, unless set', () => {
    const pool = (database: Parameters<typeof resolveRailOptions>[0]['database']) =>
      resolveRailOptions({ database }, {}).database.pool;
    expect(pool({})).toEqual({
      connectTimeoutMs: 5_000,
      queryTimeoutMs: 20_000,
      idleTimeoutMs: 30_000,
      keepAliveDelayMs: 10_000,
    });
    expect(pool({ statementTimeoutsByField: { report: 60_000 } }).queryTimeoutMs).toBe(65_000);
    // No statement timeout anywhere (or a field without one): no client-side limit either.
    expect(pool({ statementTimeoutMs: 0 }).queryTimeoutMs).toBe(0);
    expect(pool({ statementTimeoutsByField: { report: 0 } }).queryTimeoutMs).toBe(0);
    expect(pool({ pool: { queryTimeoutMs: 1_500 } }).queryTimeoutMs).toBe(1_500);
  });
});
