import { Field } from '@nestjs/graphql';
import type { GraphQLScalarType } from 'graphql';

/** A generated GraphQL class (object or input type). */
export type Ctor = new () => object;
type TypeRef = Ctor | GraphQLScalarType | object | [Ctor | GraphQLScalarType | object];

/** Declares one field of a generated class, as `@Field` on a hand-written one would. */
export function field(
  target: Ctor,
  name: string,
  type: () => TypeRef,
  options: { nullable?: boolean; description?: string } = {},
): void {
  Field(type as () => Ctor, options)(target.prototype as object, name);
}
