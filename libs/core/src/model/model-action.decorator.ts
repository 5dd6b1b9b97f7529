import 'reflect-metadata';

export interface ModelActionOptions {
  /** The verb; the mutation is `<verb><Model>` (`confirm` → `confirmOrder`). Defaults to the method name. */
  name?: string;
  description?: string;
}

export interface ModelActionDefinition {
  readonly name: string;
  readonly method: string;
  readonly description?: string;
}

const MODEL_ACTIONS = Symbol('rail:model-actions');

/**
 * Exposes an entity method as a mutation that loads the row, calls the method
 * and saves the row in one transaction. The method throws a `RailError` to
 * refuse (for example an illegal status transition).
 *
 * @example
 * @ModelAction() confirm(): void { this.moveTo('confirmed'); }
 */
export function ModelAction(options: ModelActionOptions = {}): MethodDecorator {
  return (target, propertyKey) => {
    const actions = [...modelActionsOf(target.constructor)];
    actions.push({
      name: options.name ?? String(propertyKey),
      method: String(propertyKey),
      description: options.description,
    });
    Reflect.defineMetadata(MODEL_ACTIONS, actions, target.constructor);
  };
}

export function modelActionsOf(target: object): readonly ModelActionDefinition[] {
  return (Reflect.getMetadata(MODEL_ACTIONS, target) as ModelActionDefinition[] | undefined) ?? [];
}
