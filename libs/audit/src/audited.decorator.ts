import 'reflect-metadata';

export interface AuditedOptions {
  /** Also record who read which rows of the model (`entity.read`); off by default. */
  reads?: boolean;
  /** Fields never to store in the trail, beyond the secrets Rail always leaves out. */
  redact?: readonly string[];
}

const AUDITED = Symbol('rail:audited');

/**
 * Records every create, update, delete and action of the model in the audit
 * trail, inside the write's own transaction.
 *
 * @example
 * @Audited()
 * @Entity({ name: 'product' })
 * export class Product { ... }
 */
export function Audited(options: AuditedOptions = {}): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(AUDITED, options, target);
  };
}

/** The model's audit options, or `undefined` when it is not audited. */
export function auditedOptionsOf(
  target: abstract new (...args: never[]) => unknown,
): AuditedOptions | undefined {
  return Reflect.getMetadata(AUDITED, target) as AuditedOptions | undefined;
}
