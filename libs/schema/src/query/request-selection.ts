import type { ModelDefinition, ModelRegistry } from '@rail/core';
import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';
import { readSelectionOf, type ReadSelection } from './read-selection.js';

/**
 * The selection of a generated read, worked out once per document: Apollo
 * hands every request of the same query text the same parsed document, so a
 * field node without variables always asks the same columns and relations
 * with the same arguments. A request with variables (which may size, filter
 * or skip what it asks) is read afresh.
 */
export class RequestSelections {
  private readonly trees = new WeakMap<FieldNode, ResolveTree>();
  private readonly selections = new WeakMap<ResolveTree, ReadSelection>();

  /** The field's resolve tree (its sub-selection, arguments and aliases). */
  treeOf(info: GraphQLResolveInfo): ResolveTree {
    const node = constantNode(info);
    const known = node && this.trees.get(node);
    if (known) return known;
    const tree = parseResolveInfo(info) as ResolveTree;
    if (node) this.trees.set(node, tree);
    return tree;
  }

  /** What the field asks of `model`, from its own tree or the given part of it (a page's items). */
  selectionOf(model: ModelDefinition, registry: ModelRegistry, tree: ResolveTree | undefined): ReadSelection {
    const known = tree && this.selections.get(tree);
    if (known?.model === model) return known;
    const selection = readSelectionOf(model, registry, tree);
    if (tree) this.selections.set(tree, selection);
    return selection;
  }
}

/** The field's one node when nothing of the request but the document decides what it selects. */
function constantNode(info: GraphQLResolveInfo): FieldNode | undefined {
  if (info.fieldNodes.length !== 1) return undefined;
  for (const _name in info.variableValues) return undefined;
  return info.fieldNodes[0];
}
