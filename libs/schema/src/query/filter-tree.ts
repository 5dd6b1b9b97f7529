import type { FieldDefinition, ModelDefinition, RelationDefinition } from '@rail/core';

/** Where the filter's values are found when a plan runs: operand paths (`where.total.gte`) to checked values. */
export type FilterOperands = ReadonlyMap<string, unknown>;

export type ComparisonOperator = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte';
export type TextOperator = 'contains' | 'startsWith' | 'endsWith' | 'icontains' | 'istartsWith' | 'iendsWith';

/**
 * One operator of a field's filter. Values stay out of the tree (they are
 * found under `path` in the operands), except what changes the SQL text: the
 * truth of `isNull`, and a list's size where the SQL has one term per item
 * (timestamps) or folds an empty list (`size` 0).
 */
export type FieldTest =
  | { readonly operator: ComparisonOperator | TextOperator; readonly path: string }
  | { readonly operator: 'in' | 'notIn'; readonly path: string; readonly size: number }
  | { readonly operator: 'between'; readonly path: string }
  | { readonly operator: 'isNull'; readonly isNull: boolean };

/** A client's (or a scope's) `where`, parsed and checked: what to compile, without the values to bind. */
export type FilterNode =
  | { readonly kind: 'and' | 'or'; readonly parts: readonly FilterNode[] }
  | { readonly kind: 'not'; readonly inner: FilterNode }
  | {
      readonly kind: 'quick';
      readonly model: ModelDefinition;
      readonly path: string;
      readonly empty: boolean;
    }
  | {
      readonly kind: 'field';
      readonly model: ModelDefinition;
      readonly field: FieldDefinition;
      readonly tests: readonly FieldTest[];
    }
  | {
      readonly kind: 'relation';
      readonly model: ModelDefinition;
      readonly relation: RelationDefinition;
      readonly target: ModelDefinition;
      /** `is` for a to-one relation; some, every or none for a to-many one. */
      readonly quantifier: 'is' | 'some' | 'every' | 'none';
      readonly inner: FilterNode;
    };

/** A parsed filter: its tree, the values found in it and the shape that keys a compiled plan. */
export interface ParsedFilter {
  readonly tree: FilterNode;
  readonly operands: FilterOperands;
  /** The tree as text: equal shapes compile to the same SQL, whatever the values. */
  readonly shape: string;
}

/** The tree as plain data for a cache key: names, operators and what changes the SQL text. */
export function filterShape(node: FilterNode): unknown {
  switch (node.kind) {
    case 'and':
    case 'or':
      return [node.kind, node.parts.map(filterShape)];
    case 'not':
      return ['not', filterShape(node.inner)];
    case 'quick':
      return ['quick', node.empty];
    case 'field':
      return [
        node.field.property,
        node.tests.map((test) =>
          test.operator === 'isNull'
            ? ['isNull', test.isNull]
            : test.operator === 'in' || test.operator === 'notIn'
              ? [test.operator, test.size]
              : test.operator,
        ),
      ];
    case 'relation':
      return [node.relation.property, node.quantifier, filterShape(node.inner)];
  }
}
