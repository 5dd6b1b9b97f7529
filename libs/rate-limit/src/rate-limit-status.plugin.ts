import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { RateLimitRefusals } from './rate-limit-refusals.js';

interface RailGraphqlContext {
  req?: object;
}

/**
 * Answers `429 Too Many Requests` for a GraphQL request the rate limit refused
 * a field of. The guard cannot set it: Apollo sets the status itself after
 * execution, from its response (200 when there are errors and data).
 */
@Plugin()
export class RateLimitStatusPlugin implements ApolloServerPlugin<RailGraphqlContext> {
  constructor(private readonly refusals: RateLimitRefusals) {}

  requestDidStart(): Promise<GraphQLRequestListener<RailGraphqlContext>> {
    return Promise.resolve({
      willSendResponse: ({ contextValue, response }) => {
        if (contextValue.req && this.refusals.has(contextValue.req)) response.http.status = 429;
        return Promise.resolve();
      },
    });
  }
}
