import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { type DocumentNode, GraphQLError, type GraphQLSchema } from 'graphql';
import {
  type ComplexityEstimator,
  type ComplexityEstimatorArgs,
  getComplexity,
} from 'graphql-query-complexity';
import { RailErrorCode } from '../errors/rail-error-code.enum.js';
import type { RailSignals } from '../signals/rail-signals.service.js';

/** The arguments that size a list in Rail's generated operations (and in hand-written ones that follow them). */
const LIST_SIZE_ARGUMENTS = ['limit', 'perPage', 'first', 'last'] as const;

/**
 * What a size argument left out or `null` is taken to mean: the generated
 * to-many fields' per-parent default and the largest page (`maxPageSize`).
 */
export const ASSUMED_LIST_SIZE = 100;

/**
 * A field costs 1 plus what is selected under it; a field with a size
 * argument multiplies what is under it by that size (its default, or
 * {@link ASSUMED_LIST_SIZE} when it has none). So `products(limit: 100) { id name }`
 * costs 1 + 100 × 2 = 201. Fields without a size argument, list or not, count
 * once: a page's `items` is sized by the page's `perPage`.
 */
export const listSizeEstimator: ComplexityEstimator = ({
  field,
  args,
  childComplexity,
}: ComplexityEstimatorArgs) => {
  const sizeArgument = field.args.find((argument) =>
    (LIST_SIZE_ARGUMENTS as readonly string[]).includes(argument.name),
  );
  if (!sizeArgument) return 1 + childComplexity;
  const given: unknown = args[sizeArgument.name];
  const fallback =
    typeof sizeArgument.defaultValue === 'number' ? sizeArgument.defaultValue : ASSUMED_LIST_SIZE;
  const size = typeof given === 'number' && Number.isFinite(given) ? Math.max(0, given) : fallback;
  return 1 + size * childComplexity;
};

/**
 * Refuses, before anything runs, an operation whose estimated cost is over the
 * limit: HTTP 400, QUERY_TOO_COMPLEX, with the cost and the limit. Runs once the
 * operation and its variables are known, so `limit: $n` counts with `$n`'s value.
 */
export function queryCostPlugin(maximum: number, signals: RailSignals): ApolloServerPlugin<BaseContext> {
  // Apollo keeps one parsed document per query text: without variables its cost is priced once.
  const costs = new WeakMap<DocumentNode, Map<string, number>>();
  const price = (
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown>,
  ) => getComplexity({ schema, query: document, operationName, variables, estimators: [listSizeEstimator] });
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ schema, document, request, operationName }) {
          const variables = request.variables ?? {};
          const constant = Object.keys(variables).length === 0;
          const known = constant ? costs.get(document) : undefined;
          let cost = known?.get(operationName ?? '');
          if (cost === undefined) {
            try {
              cost = price(schema, document, operationName ?? undefined, variables);
            } catch {
              // Bad variables: execution reports them with a proper message; there is nothing to price.
              return Promise.resolve();
            }
            if (constant) {
              const forDocument = known ?? new Map<string, number>();
              forDocument.set(operationName ?? '', cost);
              costs.set(document, forDocument);
            }
          }
          if (cost > maximum) {
            signals.emit({ kind: 'request.blocked', rule: 'cost' });
            throw new GraphQLError(`Query cost ${cost} exceeds the limit of ${maximum}.`, {
              extensions: {
                code: RailErrorCode.QUERY_TOO_COMPLEX,
                cost,
                maximumCost: maximum,
                http: { status: 400 },
              },
            });
          }
          return Promise.resolve();
        },
      });
    },
  };
}
