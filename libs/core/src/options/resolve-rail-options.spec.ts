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
          '  - "graphql.graphiql": Invalid input: expected boolean, received string, received "yes"',
        ].join('\n'),
      ),
    );
  });

  it('never prints the password of a DATABASE_URL it refuses', () => {
    expect(() => resolveRailOptions({}, { DATABASE_URL: 'mysql://app:s3cret@db:3306/x' })).toThrow(
      /received "mysql:\/\/app:\*\*\*@db:3306\/x"/,
    );
  });
});
