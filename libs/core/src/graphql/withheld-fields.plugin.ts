import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../context/request-context.service.js';

/**
 * Tells the client which fields reached it masked or hidden
 * (`extensions.withheldFields: { masked: ['customers.0.email'], hidden: [...] }`),
 * so that a UI can say "hidden" instead of showing an empty value as data.
 */
export function withheldFieldsPlugin(context: RequestContext): ApolloServerPlugin {
  return {
    requestDidStart: () =>
      Promise.resolve({
        willSendResponse: ({ response }) => {
          const withheld = context.withheld;
          if (withheld && response.body.kind === 'single') {
            response.body.singleResult.extensions = {
              ...response.body.singleResult.extensions,
              withheldFields: withheld,
            };
          }
          return Promise.resolve();
        },
      }),
  };
}
