import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { RailErrorCode } from '../errors/rail-error-code.enum.js';

/**
 * Answers HTTP `503` with `Retry-After` for a GraphQL operation that was
 * refused as a whole because a dependency did not answer: an error is
 * SERVICE_UNAVAILABLE and no root field has data. Apollo would answer 200
 * (there are errors and `data`), and a load balancer or client retry policy
 * could not tell an outage from an answer. An operation some of whose root
 * fields were served keeps 200: the client has data to use.
 *
 * A Nest `@Plugin()` rather than an entry of the driver's `plugins`: Nest adds
 * its own plugin after those, which sets every response with `data` back to
 * 200; discovered plugins come after it.
 */
@Plugin()
export class ServiceUnavailableStatusPlugin implements ApolloServerPlugin<BaseContext> {
  requestDidStart(): Promise<GraphQLRequestListener<BaseContext>> {
    return Promise.resolve({
      willSendResponse: ({ response }) => {
        if (response.body.kind !== 'single') return Promise.resolve();
        const { errors, data } = response.body.singleResult;
        const refusals = (errors ?? []).filter(
          (error) => error.extensions?.code === RailErrorCode.SERVICE_UNAVAILABLE,
        );
        const served = data ? Object.values(data).some((value) => value !== null) : false;
        if (refusals.length === 0 || served) return Promise.resolve();
        const retryAfter = Math.max(1, ...refusals.map((error) => Number(error.extensions?.retryAfter) || 0));
        response.http.status = 503;
        response.http.headers.set('retry-after', String(retryAfter));
        return Promise.resolve();
      },
    });
  }
}
