import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../context/request-context.service.js';

/** Puts the number of SQL statements a GraphQL request ran in the `x-sql-statements` response header. */
export function statementCountPlugin(context: RequestContext): ApolloServerPlugin {
  return {
    requestDidStart: () =>
      Promise.resolve({
        willSendResponse: ({ response }) => {
          response.http.headers.set('x-sql-statements', String(context.sqlStatementCount));
          return Promise.resolve();
        },
      }),
  };
}
