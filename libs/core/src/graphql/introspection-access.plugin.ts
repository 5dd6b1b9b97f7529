import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, NoSchemaIntrospectionCustomRule, validate } from 'graphql';
import type { IncomingHttpHeaders } from 'node:http';
import { RailErrorCode } from '../errors/rail-error-code.enum.js';
import type { RailExtensions } from '../extension-points/rail-extensions.service.js';
import type { RailSignals } from '../signals/rail-signals.service.js';

/**
 * Introspection off for everyone but principals with one of `roles` (e.g. a
 * schema registry's service account in production). Apollo's own switch is
 * all or nothing, so Apollo keeps introspection on and this plugin refuses
 * an introspecting document, before it runs, unless its sender's credentials
 * carry an allowed role. `__typename` is not introspection.
 */
export function introspectionAccessPlugin(
  roles: readonly string[],
  extensions: RailExtensions,
  signals: RailSignals,
): ApolloServerPlugin<BaseContext> {
  const allowed = new Set(roles);
  return {
    requestDidStart({ contextValue }) {
      return Promise.resolve({
        async didResolveOperation({ schema, document }) {
          if (validate(schema, document, [NoSchemaIntrospectionCustomRule]).length === 0) return;
          const req = (contextValue as { req?: { headers: IncomingHttpHeaders } }).req;
          const principal = req ? await extensions.authenticate(req) : null;
          if (principal?.roles.some((role) => allowed.has(role))) return;
          signals.emit({ kind: 'request.blocked', rule: 'introspection' });
          throw new GraphQLError('GraphQL introspection is not allowed here.', {
            extensions: { code: RailErrorCode.GRAPHQL_VALIDATION_FAILED, http: { status: 400 } },
          });
        },
      });
    },
  };
}
