import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import { GraphQLError, type ValidationRule } from 'graphql';
import { RailErrorCode } from '../errors/rail-error-code.enum.js';
import type { ResolvedRailOptions } from '../options/rail-options.schema.js';
import type { RailSignals } from '../signals/rail-signals.service.js';

/**
 * Depth, alias and directive limits from GraphQL Armor, checked while the
 * document is validated (before anything runs). A refusal is a validation
 * error, so Apollo answers HTTP 400; the error carries Rail's own code, which
 * the error formatter keeps. Aliases of `__typename` count: Armor exempts them
 * by default, which lets one request fan out into any number of fields.
 */
export function documentLimitRules(options: ResolvedRailOptions, signals: RailSignals): ValidationRule[] {
  const { limits } = options.graphql;
  const reject =
    (code: RailErrorCode, rule: string): GraphQLArmorRejectCallback =>
    (context, error) => {
      signals.emit({ kind: 'request.blocked', rule });
      context?.reportError(
        new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code } }),
      );
    };
  const limit = (n: number | false, code: RailErrorCode, rule: string) =>
    n === false
      ? { enabled: false }
      : { n, exposeLimits: true, propagateOnRejection: false, onReject: [reject(code, rule)] };
  const armor = new ApolloArmor({
    maxDepth: {
      ...limit(limits.depth, RailErrorCode.QUERY_TOO_DEEP, 'depth'),
      ignoreIntrospection: true,
      flattenFragments: true,
    },
    maxAliases: { ...limit(limits.aliases, RailErrorCode.TOO_MANY_ALIASES, 'aliases'), allowList: [] },
    maxDirectives: limit(limits.directives, RailErrorCode.TOO_MANY_DIRECTIVES, 'directives'),
    // Tokens are limited by the parser itself (Apollo's `parseOptions.maxTokens`), which stops reading at the limit.
    maxTokens: { enabled: false },
    // Cost is estimated with list sizes (see query-cost.plugin.ts), which Armor's cost rule does not know.
    costLimit: { enabled: false },
    // Suggestions are removed by the error formatter in production (one place for what errors reveal).
    blockFieldSuggestion: { enabled: false },
  });
  return armor.protect().validationRules;
}
