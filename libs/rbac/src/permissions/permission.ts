import { RailConfigurationError } from '@rail/core';

/** The context a contextual permission (`order.update_own`, `task.view_assigned`) is limited to. */
export type PermissionContext = 'own' | 'assigned';

/**
 * What one granted permission says about one required permission: granted
 * outright, granted only for the principal's own or assigned rows, or not at all.
 */
export type GrantResult = 'yes' | PermissionContext | 'no';

export interface ParsedPermission {
  readonly text: string;
  /** `null` for `*` (every model). */
  readonly model: string | null;
  /** The action without its context suffix; `null` for a wildcard (`product.*`, `*`). */
  readonly action: string | null;
  /** `own` for `order.update_own`, `assigned` for `task.view_assigned`. */
  readonly context: PermissionContext | null;
}

// Lowercase snake_case or camelCase: `order_item`, `orderItem`, `update_own`.
const NAME = '[a-z][a-zA-Z0-9]*(?:_[a-zA-Z0-9]+)*';
const PERMISSION = new RegExp(`^(?:\\*|(${NAME})\\.(?:\\*|(${NAME})))$`);
const CONTEXT_SUFFIX = /_(own|assigned)$/;
const MAX_LENGTH = 128;

const ALLOWED =
  'expected "<model>.<action>" with lowercase snake_case or camelCase names (e.g. "product.view", ' +
  '"order.update_own", "task.view_assigned"), "<model>.*" or "*"';

/** Why `text` is not a permission, or `undefined` when it is one. */
export function permissionProblem(text: unknown): string | undefined {
  if (typeof text !== 'string') return `invalid permission ${String(text)}: ${ALLOWED}`;
  const quoted = JSON.stringify(text);
  if (text.length > MAX_LENGTH) return `invalid permission ${quoted}: longer than ${MAX_LENGTH} characters`;
  if (PERMISSION.test(text)) return undefined;
  // A wildcard anywhere but the whole last part would need glob semantics in
  // the middle of names (`*.view`, `pro*.view`); saying so beats a generic message.
  if (text.includes('*')) {
    return `invalid permission ${quoted}: a wildcard may only be the whole last part ("product.*") or the whole permission ("*")`;
  }
  return `invalid permission ${quoted}: ${ALLOWED}`;
}

export function isValidPermission(text: string): boolean {
  return permissionProblem(text) === undefined;
}

/** Splits a permission into model, action and context; throws `RailConfigurationError` on bad syntax. */
export function parsePermission(text: string): ParsedPermission {
  const problem = permissionProblem(text);
  if (problem !== undefined) throw new RailConfigurationError(problem);
  if (text === '*') return { text, model: null, action: null, context: null };
  const [model, action] = text.split('.');
  if (action === '*') return { text, model, action: null, context: null };
  const suffix = CONTEXT_SUFFIX.exec(action);
  if (!suffix) return { text, model, action, context: null };
  return {
    text,
    model,
    action: action.slice(0, suffix.index),
    context: suffix[1] as PermissionContext,
  };
}

/**
 * What `granted` says about `required`. Wildcards cover every action (`product.*`)
 * or everything (`*`); an unconditional grant also covers the contextual forms
 * of its action; a contextual grant (`order.update_own`) covers the plain action
 * only in its context (`own`).
 */
export function grants(granted: string, required: string): GrantResult {
  return grantOf(parsePermission(granted), parsePermission(required));
}

/** `grants` on parsed permissions, for callers that parse once and compare often. */
export function grantOf(granted: ParsedPermission, required: ParsedPermission): GrantResult {
  if (granted.model === null) return 'yes';
  if (required.model === null || granted.model !== required.model) return 'no';
  if (granted.action === null) return 'yes';
  // A specific grant never covers a wildcard requirement (`product.*`).
  if (required.action === null || granted.action !== required.action) return 'no';
  if (granted.context === null || granted.context === required.context) return 'yes';
  return required.context === null ? granted.context : 'no';
}

/** Whether a policy's permission pattern (`order.*`, `order.update`) covers `permission` outright. */
export function permissionMatches(pattern: string, permission: string): boolean {
  return grants(pattern, permission) === 'yes';
}
