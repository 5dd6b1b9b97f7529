import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, type SelectionSetNode } from 'graphql';
import type { RequestContext } from '../context/request-context.service.js';

function rootFieldNames(
  selectionSet: SelectionSetNode,
  fragments: Map<string, SelectionSetNode>,
  seen = new Set<string>(),
): string[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT)
      return rootFieldNames(selection.selectionSet, fragments, seen);
    const name = selection.name.value;
    const fragment = fragments.get(name);
    if (!fragment || seen.has(name)) return [];
    seen.add(name);
    return rootFieldNames(fragment, fragments, seen);
  });
}

/**
 * Gives a request the statement timeout its root fields ask for
 * (`database.statementTimeoutsByField`, the longest wins), for the database
 * layer to apply to every statement the request runs. Keyed by the API's
 * field names, not by the client-chosen operation name, so a client cannot
 * buy itself a longer timeout by naming its operation.
 */
export function statementTimeoutPlugin(
  byField: Readonly<Record<string, number>>,
  context: RequestContext,
): ApolloServerPlugin<BaseContext> {
  const timeouts = new Map(Object.entries(byField));
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ operation, document }) {
          if (!operation) return Promise.resolve();
          const fragments = new Map(
            document.definitions.flatMap((definition) =>
              definition.kind === Kind.FRAGMENT_DEFINITION
                ? [[definition.name.value, definition.selectionSet] as const]
                : [],
            ),
          );
          const asked = rootFieldNames(operation.selectionSet, fragments)
            .map((field) => timeouts.get(field))
            .filter((ms): ms is number => ms !== undefined);
          if (asked.length > 0) context.setStatementTimeout(Math.max(...asked));
          return Promise.resolve();
        },
      });
    },
  };
}
