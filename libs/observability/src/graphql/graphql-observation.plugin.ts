import type {
  ApolloServerPlugin,
  GraphQLRequestContextWillSendResponse,
  GraphQLRequestListener,
} from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { getOperationAST, type GraphQLFormattedError, type OperationDefinitionNode } from 'graphql';
import { RailMetrics } from '../metrics/rail-metrics.service.js';
import { observationOf, type GraphqlObservation } from '../request/request-observation.js';

interface RailGraphqlContext {
  req?: { readonly baseUrl?: string; readonly originalUrl?: string; readonly url?: string };
}

/** The label of an operation without a name, and of a request whose document did not parse. */
export const ANONYMOUS_OPERATION = '(anonymous)';
export const UNPARSED_OPERATION = '(unparsed)';

// Codes are the server's own (RailErrorCode, Apollo's), but anything that reaches a label is checked.
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/**
 * Observes each GraphQL operation: name, type, duration, outcome and error
 * codes go to the metrics and to the request's log line. Names are read from
 * the parsed document (GraphQL names, so nothing odd reaches a log or a label),
 * never from the request's free-text `operationName`.
 */
@Plugin()
export class GraphqlObservationPlugin implements ApolloServerPlugin<RailGraphqlContext> {
  constructor(private readonly metrics: RailMetrics) {}

  requestDidStart({
    contextValue,
  }: {
    contextValue: RailGraphqlContext;
  }): Promise<GraphQLRequestListener<RailGraphqlContext>> {
    const startedAt = performance.now();
    const observation = observationOf(contextValue.req);
    // Apollo is mounted as a middleware, so Express has no route template to give: the mount path is it.
    if (observation && contextValue.req) observation.route = graphqlPath(contextValue.req);
    return Promise.resolve({
      willSendResponse: (context) => {
        const result = observe(context);
        this.metrics.observeGraphqlOperation(
          result.operation ?? UNPARSED_OPERATION,
          result.type ?? '(unknown)',
          result.outcome,
          result.errorCodes,
          (performance.now() - startedAt) / 1000,
        );
        if (observation)
          observation.graphql = observation.graphql ? inBatch(observation.graphql, result) : result;
        return Promise.resolve();
      },
    });
  }
}

function observe(context: GraphQLRequestContextWillSendResponse<RailGraphqlContext>): GraphqlObservation {
  const operation = operationOf(context);
  const errors = errorsOf(context);
  const codes = new Set<string>();
  for (const error of errors) {
    const code = error.extensions?.code;
    codes.add(typeof code === 'string' && ERROR_CODE.test(code) ? code : 'UNKNOWN');
  }
  return {
    operation: operation ? (operation.name?.value ?? ANONYMOUS_OPERATION) : undefined,
    type: operation?.operation,
    outcome: errors.length > 0 ? 'error' : 'success',
    errorCodes: [...codes].sort(),
  };
}

/**
 * A batched request (a JSON array of operations) gets one log line: its
 * operations' names joined, the error outcome if any failed, all their codes.
 */
function inBatch(earlier: GraphqlObservation, next: GraphqlObservation): GraphqlObservation {
  return {
    operation: `${earlier.operation ?? UNPARSED_OPERATION},${next.operation ?? UNPARSED_OPERATION}`,
    type: earlier.type === next.type ? earlier.type : undefined,
    outcome: earlier.outcome === 'error' || next.outcome === 'error' ? 'error' : 'success',
    errorCodes: [...new Set([...earlier.errorCodes, ...next.errorCodes])].sort(),
  };
}

/** The operation run, or for a request refused before (validation, limits) the one it asked for. */
function operationOf(
  context: GraphQLRequestContextWillSendResponse<RailGraphqlContext>,
): OperationDefinitionNode | undefined {
  if (context.operation) return context.operation;
  if (!context.document) return undefined;
  return getOperationAST(context.document, context.request.operationName) ?? undefined;
}

function errorsOf(
  context: GraphQLRequestContextWillSendResponse<RailGraphqlContext>,
): readonly GraphQLFormattedError[] {
  const { body } = context.response;
  return (body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors) ?? [];
}

function graphqlPath(request: NonNullable<RailGraphqlContext['req']>): string {
  if (request.baseUrl) return request.baseUrl;
  const url = request.originalUrl ?? request.url ?? '';
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}
