import type { ResolveTree } from 'graphql-parse-resolve-info';
import type { ModelDefinition, RelationDefinition } from '../registry/model-definition.js';
import type { ModelRegistry } from '../registry/model-registry.js';

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
