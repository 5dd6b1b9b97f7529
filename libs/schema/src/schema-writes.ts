import {
  type ModelActionDefinition,
  type ModelDefinition,
  RailError,
  RailErrorCode,
  type RailExtensions,
  type Row,
} from '@rail/core';
import type { GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';
import { MutationExecutor, type MutationResult } from './mutation/mutation.executor.js';
import type { AccessContext } from './query/access-context.js';
import { mergedTree } from './query/merged-tree.js';
import type { ReadDeps, ReadExecutor } from './query/read.executor.js';
import { childTree, readSelectionOf } from './query/read-selection.js';

/**
 * The write side of the generated API: each mutation runs through the
 * mutation executor in one transaction, and its payload shows the written
 * rows read back after the commit with the payload's own selection, under
 * the caller's read rules.
 */
export class SchemaWrites {
  private readonly registry: ReadDeps['registry'];
  private readonly options: ReadDeps['options'];

  constructor(
    private readonly deps: ReadDeps,
    private readonly extensions: RailExtensions,
    private readonly access: () => AccessContext,
    private readonly reader: (access: AccessContext) => ReadExecutor,
  ) {
    this.registry = deps.registry;
    this.options = deps.options;
  }

  private writer(access: AccessContext): MutationExecutor {
    return new MutationExecutor(this.deps, access, this.extensions.mutationObservers);
  }

  private assertBulkSize(count: number, argument: string): void {
    if (count > this.options.maxBulkSize) {
      throw new RailError(
        RailErrorCode.BAD_USER_INPUT,
        `${argument} has ${count} items; at most ${this.options.maxBulkSize} are allowed in one bulk mutation`,
      );
    }
  }

  /** The rows a payload shows, read after the commit with the payload's own selection. */
  private async payloadRows(
    model: ModelDefinition,
    access: AccessContext,
    ids: readonly string[],
    info: GraphQLResolveInfo,
    field: string,
    payloadType: string,
  ): Promise<Row[]> {
    const tree = mergedTree(childTree(parseResolveInfo(info) as ResolveTree, payloadType, field));
    if (!tree || ids.length === 0) return [];
    const selection = readSelectionOf(model, this.registry, tree);
    const reader = this.reader(access);
    const rows: Row[] = [];
    for (let start = 0; start < ids.length; start += this.options.maxPageSize) {
      const chunk = ids.slice(start, start + this.options.maxPageSize);
      try {
        rows.push(
          ...(await reader.list(
            selection,
            { where: { [model.primaryKey.property]: { in: chunk } }, limit: chunk.length },
            'retrieve',
          )),
        );
      } catch (error) {
        if (error instanceof RailError && error.code === RailErrorCode.FORBIDDEN) {
          throw new RailError(
            RailErrorCode.FORBIDDEN,
            `${error.message}: the write is done, but ${payloadType}.${field} cannot show it with this selection`,
            { ...error.extensions, field: `${payloadType}.${field}` },
          );
        }
        throw error;
      }
    }
    const byId = new Map(rows.map((row) => [String(row[model.primaryKey.property]), row]));
    return ids.map((id) => byId.get(id)).filter((row): row is Row => row !== undefined);
  }

  private errors(result: MutationResult) {
    return result.problems.map((problem) => ({
      field: problem.field,
      code: problem.code,
      message: problem.message,
    }));
  }

  /** A mutation payload: the written rows read back with the payload's own selection (or given), or the problems. */
  private async payload(
    kind: 'single' | 'bulk',
    model: ModelDefinition,
    access: AccessContext,
    result: MutationResult,
    info: GraphQLResolveInfo,
    rows?: Row[],
  ) {
    const field = kind === 'single' ? model.names.single : model.names.plural;
    const payloadType = kind === 'single' ? model.names.payload : model.names.bulkPayload;
    let shown: Row[] | RailError = [];
    try {
      if (result.ok)
        shown = rows ?? (await this.payloadRows(model, access, result.ids, info, field, payloadType));
    } catch (error) {
      // The write is committed: `ok` stays true, and the field the caller may not read answers with the
      // denial (graphql-js reports an Error value as that field's error, at its path), never a silent null.
      if (!(error instanceof RailError) || error.code !== RailErrorCode.FORBIDDEN) throw error;
      shown = error;
    }
    const value = shown instanceof RailError || kind === 'bulk' ? shown : (shown[0] ?? null);
    return { ok: result.ok, [field]: value, errors: this.errors(result) };
  }

  private single(
    model: ModelDefinition,
    access: AccessContext,
    result: MutationResult,
    info: GraphQLResolveInfo,
    rows?: Row[],
  ) {
    return this.payload('single', model, access, result, info, rows);
  }

  private bulk(
    model: ModelDefinition,
    access: AccessContext,
    result: MutationResult,
    info: GraphQLResolveInfo,
    rows?: Row[],
  ) {
    return this.payload('bulk', model, access, result, info, rows);
  }

  async create(model: ModelDefinition, input: Record<string, unknown>, info: GraphQLResolveInfo) {
    const access = this.access();
    return this.single(model, access, await this.writer(access).create(model, [input], ['input']), info);
  }

  async bulkCreate(model: ModelDefinition, inputs: Record<string, unknown>[], info: GraphQLResolveInfo) {
    this.assertBulkSize(inputs.length, 'inputs');
    const access = this.access();
    const result = await this.writer(access).create(
      model,
      inputs,
      inputs.map((_, index) => `inputs.${index}`),
    );
    return this.bulk(model, access, result, info);
  }

  async update(model: ModelDefinition, id: string, input: Record<string, unknown>, info: GraphQLResolveInfo) {
    const access = this.access();
    return this.single(
      model,
      access,
      await this.writer(access).update(model, [{ id, data: input }], ['input']),
      info,
    );
  }

  async bulkUpdate(
    model: ModelDefinition,
    items: Array<{ id: string; data: Record<string, unknown> }>,
    info: GraphQLResolveInfo,
  ) {
    this.assertBulkSize(items.length, 'inputs');
    const access = this.access();
    const result = await this.writer(access).update(
      model,
      items,
      items.map((_, index) => `inputs.${index}.data`),
    );
    return this.bulk(model, access, result, info);
  }

  async delete(model: ModelDefinition, id: string, info: GraphQLResolveInfo) {
    const access = this.access();
    // What the payload shows of a deleted row is read before it is gone.
    const rows = await this.payloadRows(model, access, [id], info, model.names.single, model.names.payload);
    return this.single(model, access, await this.writer(access).delete(model, [id], ['id']), info, rows);
  }

  async bulkDelete(model: ModelDefinition, ids: string[], info: GraphQLResolveInfo) {
    this.assertBulkSize(ids.length, 'ids');
    const access = this.access();
    const rows = await this.payloadRows(
      model,
      access,
      ids,
      info,
      model.names.plural,
      model.names.bulkPayload,
    );
    const result = await this.writer(access).delete(
      model,
      ids,
      ids.map((_, index) => `ids.${index}`),
    );
    return this.bulk(model, access, result, info, rows);
  }

  async action(model: ModelDefinition, action: ModelActionDefinition, id: string, info: GraphQLResolveInfo) {
    const access = this.access();
    return this.single(model, access, await this.writer(access).action(model, action, id), info);
  }
}
