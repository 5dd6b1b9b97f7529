import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ReportDefinition } from './report-definition.entity.js';
import { datasetOfDefinition } from './report-definition.validator.js';
import {
  PermissionChecker,
  RailConfigurationError,
  RailError,
  RailErrorCode,
  RequestContext,
  type RailPrincipal,
  type ModelDefinition,
  ModelReader,
  type AggregateResult,
} from '@rail/core';
import { ReportCache } from './report-cache.js';
import type { ReportDataset } from './report-dataset.js';
import { RAIL_REPORTING_OPTIONS, type ResolvedReportingOptions } from './rail-reporting.options.js';

export interface ReportArgs {
  readonly where?: Readonly<Record<string, unknown>> | null;
  readonly dimensions?: readonly string[] | null;
  readonly metrics?: readonly string[] | null;
  readonly orderBy?: ReadonlyArray<{ readonly name: string; readonly direction: 'ASC' | 'DESC' }> | null;
  readonly limit?: number | null;
}

export interface ReportResult extends AggregateResult {
  readonly code: string;
}

/**
 * Runs datasets: checks the dataset's permission, picks the dimensions and
 * metrics asked for, and compiles them to one aggregate statement through the
 * generated API's rules (tenant and row scopes, field policies).
 */
@Injectable()
export class ReportService {
  private readonly cache: ReportCache<ReportResult>;
  private touched?: ReadonlyMap<string, ReadonlySet<string>>;
  private readonly hasPermission: (principal: RailPrincipal, permission: string) => boolean;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reader: ModelReader,
    private readonly context: RequestContext,
    @Inject(RAIL_REPORTING_OPTIONS) private readonly options: ResolvedReportingOptions,
    @Optional() permissions?: PermissionChecker,
  ) {
    this.cache = new ReportCache(options.cacheTtlSeconds);
    const checker = options.hasPermission ?? permissions?.hasPermission.bind(permissions);
    if (!checker) {
      // Every dataset names a permission; with nobody to decide it, reports would be open or shut by accident.
      throw new RailConfigurationError(
        'RailReportingModule needs a PermissionChecker (import RailRbacModule) or the `hasPermission` option',
      );
    }
    this.hasPermission = checker;
  }

  /** The datasets the principal may run: configured ones, and their company's stored ones. */
  async available(principal: RailPrincipal | undefined = this.context.principal): Promise<ReportDataset[]> {
    if (!principal) return [];
    const stored = principal.companyId
      ? await this.dataSource
          .getRepository(ReportDefinition)
          .find({ where: { companyId: principal.companyId } })
      : [];
    const datasets = [...this.options.datasets.values(), ...stored.flatMap((row) => this.stored(row))];
    return datasets.filter((dataset) => this.hasPermission(principal, dataset.permission));
  }

  async run(code: string, args: ReportArgs, principal = this.context.principal): Promise<ReportResult> {
    const dataset = this.options.datasets.get(code) ?? (await this.storedDataset(code, principal));
    if (!dataset)
      throw new RailError(RailErrorCode.NOT_FOUND, `No report dataset is named ${JSON.stringify(code)}`);
    if (!principal) throw new RailError(RailErrorCode.UNAUTHENTICATED, 'Authentication required');
    if (!this.hasPermission(principal, dataset.permission)) {
      throw new RailError(RailErrorCode.FORBIDDEN, `Not allowed to run the report ${code}`, {
        permission: dataset.permission,
      });
    }
    const dimensions = this.pick(dataset, 'dimensions', args.dimensions ?? dataset.defaultDimensions);
    const metrics = this.pick(dataset, 'metrics', args.metrics ?? dataset.defaultMetrics);
    const key = JSON.stringify([
      code,
      principal.companyId,
      principal.userId,
      dimensions,
      metrics,
      args.where ?? null,
      args.orderBy ?? null,
      args.limit ?? null,
    ]);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const chosen = new Set([...dimensions, ...metrics]);
    const result = await this.reader.aggregate(
      this.model(dataset),
      {
        dimensions: dimensions.map((name) => ({ name, ...dataset.dimensions[name] })),
        metrics: metrics.map((name) => ({ name, ...dataset.metrics[name] })),
        where: args.where,
        filter: dataset.filter,
        orderBy: args.orderBy ?? dataset.orderBy?.filter((term) => chosen.has(term.name)),
        limit: args.limit,
        maxBuckets: dataset.maxBuckets,
      },
      principal,
    );
    const report = { code, ...result };
    this.cache.set(key, code, report);
    return report;
  }

  /** A write to `model` (the audit-like observer calls this): results that read it are stale. */
  modelWritten(model: string): void {
    if (!this.cache.enabled) return;
    this.touched ??= this.touchedModels();
    const stale = new Set<string>();
    for (const [code, models] of this.touched) if (models.has(model)) stale.add(code);
    this.cache.clearDatasets(stale);
  }

  /** A dataset an admin of the principal's company stored. */
  private async storedDataset(
    code: string,
    principal: RailPrincipal | undefined,
  ): Promise<ReportDataset | undefined> {
    if (!principal?.companyId) return undefined;
    const row = await this.dataSource
      .getRepository(ReportDefinition)
      .findOne({ where: { companyId: principal.companyId, code } });
    return row ? this.stored(row)[0] : undefined;
  }

  /** A stored definition as a dataset; one that no longer validates (a model renamed) is left out. */
  private stored(row: ReportDefinition): ReportDataset[] {
    try {
      return [
        datasetOfDefinition(
          row,
          this.reader.registry.models.map((model) => model.name),
        ),
      ];
    } catch {
      return [];
    }
  }

  private pick(
    dataset: ReportDataset,
    kind: 'dimensions' | 'metrics',
    names: readonly string[] | null | undefined,
  ): string[] {
    const defined = dataset[kind];
    const chosen = names ?? Object.keys(defined);
    for (const [index, name] of chosen.entries()) {
      if (!(name in defined)) {
        throw new RailError(
          RailErrorCode.BAD_USER_INPUT,
          `${kind}.${index}: ${dataset.code} has no ${kind === 'dimensions' ? 'dimension' : 'metric'} ${JSON.stringify(name)}; it has ${Object.keys(defined).join(', ')}`,
          { field: `${kind}.${index}` },
        );
      }
    }
    return [...new Set(chosen)];
  }

  private model(dataset: ReportDataset): ModelDefinition {
    const model = this.reader.registry.models.find((candidate) => candidate.name === dataset.model);
    if (!model)
      throw new RailError(
        RailErrorCode.INTERNAL_SERVER_ERROR,
        `Report ${dataset.code}: no model ${dataset.model}`,
      );
    return model;
  }

  /** Per dataset, every model its paths read (the source and the relations joined). */
  private touchedModels(): Map<string, Set<string>> {
    const touched = new Map<string, Set<string>>();
    for (const dataset of this.options.datasets.values()) {
      const models = new Set([dataset.model]);
      const paths = [
        ...Object.values(dataset.dimensions).map((dimension) => dimension.path),
        ...Object.values(dataset.metrics).flatMap((metric) => [metric.path, metric.times]),
      ].filter((path): path is string => typeof path === 'string');
      for (const path of paths) {
        let owner = this.model(dataset);
        for (const segment of path.split('.').slice(0, -1)) {
          const relation = owner.relations.get(segment);
          if (!relation) break;
          owner = this.reader.registry.get(relation.target);
          models.add(owner.name);
        }
      }
      touched.set(dataset.code, models);
    }
    return touched;
  }
}
