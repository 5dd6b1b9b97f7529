// The built sample app as the bench runs it: production mode, its own process,
// loopback only, limits that never refuse the load.
import { graphqlRequest, probe } from './load.mjs';
import { freePort, startServer } from './server-process.mjs';

/** Starts `dist/apps/store-api/main.js` on a free port; `nodeArgs` go before the script (a profiler's). */
export async function startApp({ root, database, secrets, nodeArgs = [] }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  const app = await startServer({
    name: 'The app',
    cwd: root,
    nodeArgs: [...nodeArgs, 'dist/apps/store-api/main.js'],
    env: {
      ...database.env,
      ...secrets.appEnv,
      PORT: String(port),
      // Loopback only: the bench never exposes the app beyond this machine.
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      RAIL_EXPOSE_SQL_STATEMENT_COUNT: 'true',
      // The load comes from one address and one user: limits this high keep the rate-limit guard in the
      // measured path (its cost counts) without ever refusing the load.
      RAIL_RATE_LIMIT_QUERY: '1000000000/1m',
      RAIL_RATE_LIMIT_MUTATION: '1000000000/1m',
      RAIL_RATE_LIMIT_AUTH: '1000000000/1m',
      // The same for the per-user cap on reports and exports running at once (2 by default): the bench's
      // connections are all one user's, and a refused report would be counted as served.
      RAIL_MAX_CONCURRENT_EXPENSIVE_OPERATIONS: '1000',
      // The bench seeded the database already.
      SEED_WHEN_EMPTY: 'false',
    },
    isReady: async () => (await probe(graphqlRequest(url, '{ __typename }'))).status === 200,
  });
  return { ...app, url };
}
