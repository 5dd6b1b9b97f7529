import type { ResolveTree } from 'graphql-parse-resolve-info';

/** Merges the sub-trees of every alias of one field, so a single read serves them all. */
export function mergedTree(trees: ResolveTree[]): ResolveTree | undefined {
  if (trees.length <= 1) return trees[0];
  const fieldsByTypeName: ResolveTree['fieldsByTypeName'] = {};
  for (const tree of trees) {
    for (const [typeName, fields] of Object.entries(tree.fieldsByTypeName)) {
      fieldsByTypeName[typeName] = { ...fieldsByTypeName[typeName], ...fields };
    }
  }
  return { ...trees[0], fieldsByTypeName };
}
