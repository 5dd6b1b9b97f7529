import { didYouMean } from '@rail/core';
import { isValidPermission, parsePermission } from './permission.js';

/** What a generated model's operations need: list/retrieve → view, the model's actions → update. */
export const MODEL_ACTIONS: readonly string[] = ['view', 'create', 'update', 'delete', 'export'];

/**
 * The permissions that mean something in an app: every model's
 * `<prefix>.<action>`, and every permission something asks for by name
 * (`report.run`, `role.assign`, `health.view`). A roles file that grants a
 * name outside it grants nothing, so it is a typo.
 */
export class PermissionVocabulary {
  private readonly actions = new Map<string, Set<string>>();

  /** A model's permission prefix (`order_item`), with the actions of its generated operations. */
  addModel(prefix: string): this {
    for (const action of MODEL_ACTIONS) this.actionsOf(prefix).add(action);
    return this;
  }

  /** A permission asked for by name; its context (`_own`) does not matter, a wildcard adds the prefix only. */
  addPermission(permission: string): this {
    if (!isValidPermission(permission)) return this;
    const { model, action } = parsePermission(permission);
    if (model === null) return this;
    const actions = this.actionsOf(model);
    if (action !== null) actions.add(action);
    return this;
  }

  /**
   * Why `permission` names nothing of the app, or `undefined` when it does:
   * `no model or permission prodcut (did you mean product?)`.
   */
  problemOf(permission: string): string | undefined {
    if (!isValidPermission(permission)) return undefined; // the syntax check names it
    const { model, action } = parsePermission(permission);
    if (model === null) return undefined;
    const actions = this.actions.get(model);
    if (!actions) return `no model or permission ${model}${didYouMean(model, this.actions.keys())}`;
    if (action === null || actions.has(action)) return undefined;
    return (
      `${model} has no action ${action}${didYouMean(action, actions)}; ` +
      `its actions: ${[...actions].join(', ') || 'none declared'}`
    );
  }

  private actionsOf(prefix: string): Set<string> {
    let actions = this.actions.get(prefix);
    if (!actions) {
      actions = new Set();
      this.actions.set(prefix, actions);
    }
    return actions;
  }
}
