import { type ModelDefinition, RailError, RailErrorCode, type RelationDefinition } from '@rail/core';
import type { AccessContext } from '../query/access-context.js';
import { idToDb } from '../query/db-values.js';
import type { ReadDeps } from '../query/read.executor.js';
import { invalid, type FieldProblem } from './field-errors.js';
import { validateInput } from './input-validator.js';
import type { LinkChecks } from './link-checks.js';
import type { Input, PreparedToMany, PreparedWrite, RelationOps, Values } from './write-types.js';

/**
 * Decides a create or update input tree once, before anything is written:
 * field write rules, writable fields, to-one links (queued on the link checks,
 * verified together afterwards), scope and owner presets and validation,
 * for the row and every nested row it creates. Problems are collected for
 * the whole tree so that the client sees all of them at once.
 */
export class WritePreparer {
  constructor(
    private readonly deps: ReadDeps,
    private readonly access: AccessContext,
    private readonly links: LinkChecks,
  ) {}

  async prepare(
    model: ModelDefinition,
    input: Input,
    path: string,
    mode: 'create' | 'update',
    problems: FieldProblem[],
    parentLink?: string,
    stored?: Values,
  ): Promise<PreparedWrite> {
    const writable = await this.applyWriteRules(model, input, stored);
    const values: Values = {};
    const toMany: Array<readonly [RelationDefinition, RelationOps, string]> = [];
    const linked = new Set<string>();
    for (const [key, value] of Object.entries(writable)) {
      if (value === undefined) continue;
      const at = `${path}.${key}`;
      const relation = model.relations.get(key);
      if (relation?.cardinality === 'many') {
        if (value !== null) toMany.push([relation, value, at]);
        continue;
      }
      if (parentLink !== undefined && (key === parentLink || relation?.foreignKey === parentLink)) {
        problems.push(invalid(at, 'is set by the parent row of this nested write'));
        continue;
      }
      if (relation) {
        if (writable[relation.foreignKey] !== undefined) {
          problems.push(invalid(at, `give either ${relation.property} or ${relation.foreignKey}, not both`));
          continue;
        }
        this.link(relation, connectIdOf(value), `${at}.connect`, values, problems);
        linked.add(relation.foreignKey);
        continue;
      }
      const field = model.fields.get(key);
      if (!field?.writable) {
        problems.push(invalid(at, `is not writable`));
        continue;
      }
      const foreignKeyOf = [...model.relations.values()].find(
        (candidate) => candidate.foreignKey === key && candidate.cardinality === 'one',
      );
      if (foreignKeyOf) {
        this.link(foreignKeyOf, value as string | null, at, values, problems);
        linked.add(key);
        continue;
      }
      // TypeORM converts entity values for the driver itself; only keys need parsing here.
      values[key] = field.kind === 'id' ? idToDb(model, field, value, at) : value;
    }
    if (mode === 'create') await this.applyScopePresets(model, values, linked, path);
    if (parentLink) linked.add(parentLink);
    problems.push(...(await validateInput(this.deps.dataSource, model, values, mode, path, linked)));
    const prepared: PreparedToMany[] = [];
    for (const [relation, ops, at] of toMany)
      prepared.push(await this.prepareToMany(relation, ops, at, problems));
    return { model, path, values, toMany: prepared };
  }

  /** Refuses fields the caller may not write, or drops them (strip mode). */
  private async applyWriteRules(model: ModelDefinition, input: Input, stored?: Values): Promise<Input> {
    // Field rules that look at the row see it as stored (update) or as given (create).
    const { rejected, stripped } = await this.access.writeDecision(
      model,
      Object.keys(input),
      stored ?? input,
    );
    if (rejected.size > 0) {
      throw new RailError(
        RailErrorCode.FORBIDDEN,
        `You may not write ${[...rejected].map((field) => `${model.name}.${field}`).join(', ')}`,
        { fields: [...rejected] },
      );
    }
    if (stripped.size === 0) return input;
    return Object.fromEntries(Object.entries(input).filter(([key]) => !stripped.has(key)));
  }

  private async prepareToMany(
    relation: RelationDefinition,
    ops: RelationOps,
    at: string,
    problems: FieldProblem[],
  ): Promise<PreparedToMany> {
    const target = this.deps.registry.get(relation.target);
    this.assertNestedSize(ops, at);
    const created: PreparedWrite[] = [];
    if (ops.create?.length) await this.access.assertAllowed(target, 'create');
    for (const [index, child] of (ops.create ?? []).entries()) {
      created.push(
        await this.prepare(target, child, `${at}.create.${index}`, 'create', problems, relation.foreignKey),
      );
    }
    const nullable = target.fields.get(relation.foreignKey)?.nullable ?? false;
    if (!nullable && ((ops.disconnect?.length ?? 0) > 0 || ops.set)) {
      problems.push(
        invalid(
          at,
          `${target.name}.${relation.foreignKey} is required, so rows cannot be unlinked; delete them instead`,
        ),
      );
    }
    return { relation, ops, path: at, created };
  }

  /** A nested write is bounded like a bulk one: each list of rows at most `maxBulkSize`. */
  private assertNestedSize(ops: RelationOps, at: string): void {
    const max = this.deps.options.maxBulkSize;
    for (const [kind, rows] of Object.entries(ops)) {
      if (!Array.isArray(rows) || rows.length <= max) continue;
      throw new RailError(
        RailErrorCode.BAD_USER_INPUT,
        `${at}.${kind} lists ${rows.length} rows; at most ${max} are allowed in one nested write`,
        { field: `${at}.${kind}` },
      );
    }
  }

  /** Sets a to-one link; that the row exists in scope is checked with all the tree's links together. */
  private link(
    relation: RelationDefinition,
    id: string | null,
    path: string,
    values: Values,
    problems: FieldProblem[],
  ): void {
    if (id === null) {
      if (!relation.nullable) problems.push(invalid(path, 'is required'));
      else values[relation.foreignKey] = null;
      return;
    }
    const target = this.deps.registry.get(relation.target);
    const key = idToDb(target, target.primaryKey, id, path);
    this.links.request(target, key, path);
    values[relation.foreignKey] = key;
  }

  /**
   * A scope that pins a field (`{ companyId: { eq: '1' } }`, a tenant) also
   * fills it in on create, so a client never has to send, nor may change, it.
   */
  private async applyScopePresets(
    model: ModelDefinition,
    values: Values,
    linked: Set<string>,
    path: string,
  ): Promise<void> {
    for (const condition of await this.access.scopeConditions(model, 'create')) {
      for (const [key, filter] of Object.entries(condition)) {
        const pinned = (filter as { eq?: unknown } | null)?.eq;
        const field = model.fields.get(key);
        if (pinned === undefined || pinned === null || !field || values[key] !== undefined) continue;
        values[key] = field.kind === 'id' ? idToDb(model, field, pinned, `${path}.${key}`) : pinned;
        linked.add(key);
      }
    }
    for (const preset of this.access.createPresets(model)) {
      const field = model.fields.get(preset.field);
      if (!field) continue;
      const at = `${path}.${preset.field}`;
      const own = field.kind === 'id' ? idToDb(model, field, preset.value, at) : preset.value;
      const given = values[preset.field];
      if (given === undefined || given === null) {
        values[preset.field] = own;
        linked.add(preset.field);
      } else if (given !== own && preset.otherValueNeeds !== null) {
        // The owner is the caller unless the caller may act on everyone's rows.
        throw new RailError(
          RailErrorCode.FORBIDDEN,
          `${at}: naming another ${preset.field} needs the permission ${preset.otherValueNeeds}`,
          { field: at, permission: preset.otherValueNeeds },
        );
      }
    }
  }
}

/** The id of a to-one `{ connect }` input; null unlinks. */
function connectIdOf(value: unknown): string | null {
  const connect = (value as { connect?: unknown } | null)?.connect;
  return typeof connect === 'string' ? connect : null;
}
