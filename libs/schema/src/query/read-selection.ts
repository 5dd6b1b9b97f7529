import {
  type ModelDefinition,
  type ModelRegistry,
  RailError,
  RailErrorCode,
  type RelationDefinition,
} from '@rail/core';
import type { ResolveTree } from 'graphql-parse-resolve-info';

export interface RelationArgs {
  readonly where?: Readonly<Record<string, unknown>> | null;
  readonly orderBy?: ReadonlyArray<Readonly<Record<string, unknown>>> | null;
  readonly limit?: number | null;
}

export interface ToOneSelection {
  readonly alias: string;
  readonly relation: RelationDefinition;
  readonly selection: ReadSelection;
}

export interface ToManySelection extends ToOneSelection {
  readonly args: RelationArgs;
}

/** What a GraphQL request asks of one model: columns, and relations with their own selections. */
export interface ReadSelection {
  readonly model: ModelDefinition;
  readonly scalars: readonly string[];
  readonly toOne: readonly ToOneSelection[];
  readonly toMany: readonly ToManySelection[];
}

/** Turns the resolve tree of a model-typed field into a {@link ReadSelection}. */
export function readSelectionOf(
  model: ModelDefinition,
  registry: ModelRegistry,
  tree: ResolveTree | undefined,
): ReadSelection {
  const fields = tree?.fieldsByTypeName[model.names.type] ?? {};
  const scalars = new Set<string>();
  const toOne: ToOneSelection[] = [];
  const toMany: ToManySelection[] = [];
  for (const child of Object.values(fields)) {
    const field = model.fields.get(child.name);
    if (field?.readable) {
      scalars.add(child.name);
      for (const required of field.requires) if (model.fields.get(required)?.readable) scalars.add(required);
      continue;
    }
    const relation = model.relations.get(child.name);
    if (!relation) continue;
    const selection = readSelectionOf(registry.get(relation.target), registry, child);
    if (relation.cardinality === 'one') toOne.push({ alias: child.alias, relation, selection });
    else toMany.push({ alias: child.alias, relation, selection, args: child.args });
  }
  return { model, scalars: [...scalars], toOne, toMany };
}

/** The sub-tree of one named field (for pages and payloads: `items`, `product`). */
export function childTree(tree: ResolveTree | undefined, typeName: string, fieldName: string): ResolveTree[] {
  const fields = tree?.fieldsByTypeName[typeName] ?? {};
  return Object.values(fields).filter((child) => child.name === fieldName);
}

/**
 * A selection from dotted field paths (`name`, `category.name`), for readers
 * without a GraphQL query (exports, reports). Paths may go through to-one
 * relations only; anything else is refused with the path that is wrong.
 */
export function readSelectionOfPaths(
  model: ModelDefinition,
  registry: ModelRegistry,
  paths: readonly string[],
  label = 'fields',
): ReadSelection {
  const scalars = new Set<string>();
  const nested = new Map<string, { relation: RelationDefinition; paths: string[] }>();
  for (const [index, path] of paths.entries()) {
    const [head, ...rest] = path.split('.');
    const field = model.fields.get(head);
    if (field && rest.length === 0) {
      if (!field.readable) throw unknownPath(label, index, model, path);
      scalars.add(head);
      continue;
    }
    const relation = model.relations.get(head);
    if (!relation || relation.cardinality !== 'one' || rest.length === 0)
      throw unknownPath(label, index, model, path);
    const entry = nested.get(head) ?? { relation, paths: [] };
    entry.paths.push(rest.join('.'));
    nested.set(head, entry);
  }
  const toOne = [...nested.entries()].map(([alias, { relation, paths: childPaths }]) => ({
    alias,
    relation,
    selection: readSelectionOfPaths(registry.get(relation.target), registry, childPaths, `${label} ${alias}`),
  }));
  return { model, scalars: [...scalars], toOne, toMany: [] };
}

function unknownPath(label: string, index: number, model: ModelDefinition, path: string): RailError {
  return new RailError(
    RailErrorCode.BAD_USER_INPUT,
    `${label}.${index}: ${model.name} has no field ${JSON.stringify(path)} to read (relations: to-one only, e.g. "category.name")`,
    { field: path },
  );
}
