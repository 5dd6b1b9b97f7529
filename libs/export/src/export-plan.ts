import { Inject, Injectable } from '@nestjs/common';
import {
  RailError,
  RailErrorCode,
  RailExtensions,
  type RailPrincipal,
  type FieldKind,
  type ModelDefinition,
  ModelReader,
} from '@rail/core';
import { downloadName, type ExportRequest } from './export-request.js';
import { exportableOf } from './exportable.decorator.js';
import { RAIL_EXPORT_OPTIONS, type ResolvedExportOptions } from './rail-export.options.js';

export interface ExportColumn {
  readonly path: string;
  readonly title: string;
  readonly kind: FieldKind;
}

/** An export request checked against the configuration and the caller's rights, ready to stream. */
export interface ExportPlan {
  readonly request: ExportRequest;
  readonly model: ModelDefinition;
  readonly columns: readonly ExportColumn[];
  readonly maxRows: number;
  readonly filename: string;
}

const cannotExport = (model: string): RailError =>
  new RailError(RailErrorCode.BAD_USER_INPUT, `model: ${JSON.stringify(model)} cannot be exported`, {
    field: 'model',
  });

/**
 * Everything an export must pass before its first row is read: the model is
 * exportable (default-deny), the caller holds `<model>.export`, every field
 * is on the model's allow-list and readable by the caller (masked is fine:
 * it is exported masked; hidden is refused), and the row cap.
 */
@Injectable()
export class ExportPlanner {
  constructor(
    private readonly reader: ModelReader,
    private readonly extensions: RailExtensions,
    @Inject(RAIL_EXPORT_OPTIONS) private readonly options: ResolvedExportOptions,
  ) {}

  async plan(request: ExportRequest, principal: RailPrincipal | undefined): Promise<ExportPlan> {
    const model = this.reader.registry.models.find((candidate) => candidate.name === request.model);
    const allowed = model ? (this.options.models[model.name] ?? exportableOf(model.entity)) : undefined;
    if (!model || !allowed) throw cannotExport(request.model);
    const decision = await this.extensions.authorize({ principal, model: model.name, operation: 'export' });
    if (!decision.allowed) {
      throw new RailError(RailErrorCode.FORBIDDEN, `Not allowed to export ${model.name}`, {
        reason: decision.reason,
      });
    }
    const allowList = new Set(allowed.fields);
    const columns: ExportColumn[] = [];
    const byModel = new Map<string, { fields: Set<string>; index: Map<string, number> }>();
    for (const [index, spec] of request.fields.entries()) {
      const path = typeof spec === 'string' ? spec : spec.field;
      if (!allowList.has(path)) {
        throw new RailError(
          RailErrorCode.BAD_USER_INPUT,
          `fields.${index}: ${JSON.stringify(path)} is not exportable from ${model.name}`,
          { field: `fields.${index}` },
        );
      }
      const { owner, field } = this.leaf(model, path, index);
      const entry = byModel.get(owner.name) ?? { fields: new Set(), index: new Map() };
      entry.fields.add(field.property);
      entry.index.set(field.property, index);
      byModel.set(owner.name, entry);
      columns.push({ path, title: typeof spec === 'string' ? path : spec.title, kind: field.kind });
    }
    for (const [name, { fields, index }] of byModel) {
      const access = await this.extensions.fieldReadAccess({ principal, model: name, fields: [...fields] });
      for (const field of fields) {
        if (access.get(field)?.visibility === 'hidden') {
          throw new RailError(
            RailErrorCode.BAD_USER_INPUT,
            `fields.${index.get(field)}: you may not read ${name}.${field}`,
            { field: `fields.${index.get(field)}` },
          );
        }
      }
    }
    // The filter and ordering are checked now too (a field the caller cannot read, a bad operator).
    try {
      await this.reader.checkStream(
        model,
        columns.map((column) => column.path),
        { where: request.where, orderBy: request.orderBy },
        principal,
      );
    } catch (error) {
      // A filter or ordering on a field the caller cannot read is a bad request here: 403 means
      // "no export permission" only, and the earlier check already answered that.
      if (error instanceof RailError && error.code === RailErrorCode.FORBIDDEN && error.extensions.field) {
        throw new RailError(RailErrorCode.BAD_USER_INPUT, error.message, { field: error.extensions.field });
      }
      throw error;
    }
    const caps = [
      this.options.maxRows,
      allowed.maxRows ?? this.options.maxRows,
      request.maxRows ?? this.options.maxRows,
    ];
    return { request, model, columns, maxRows: Math.min(...caps), filename: downloadName(request) };
  }

  /** The field a dotted path ends at, and the model that holds it. */
  private leaf(model: ModelDefinition, path: string, index: number) {
    const segments = path.split('.');
    let owner = model;
    for (const segment of segments.slice(0, -1)) {
      const relation = owner.relations.get(segment);
      if (!relation || relation.cardinality !== 'one') throw this.unknown(model, path, index);
      owner = this.reader.registry.get(relation.target);
    }
    const field = owner.fields.get(segments.at(-1)!);
    if (!field?.readable) throw this.unknown(model, path, index);
    return { owner, field };
  }

  private unknown(model: ModelDefinition, path: string, index: number): RailError {
    return new RailError(
      RailErrorCode.BAD_USER_INPUT,
      `fields.${index}: ${model.name} has no field ${JSON.stringify(path)}`,
      {
        field: `fields.${index}`,
      },
    );
  }
}
