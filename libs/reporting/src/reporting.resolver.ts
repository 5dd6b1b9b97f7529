import { Optional } from '@nestjs/common';
import { Args, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import {
  Authenticated,
  AuthorizedPerModel,
  ExpensiveOperations,
  RailError,
  RailErrorCode,
  RequestContext,
  SortDirection,
  type FieldKind,
  FileLink,
  TableFiles,
} from '@rail/core';
import { GraphQLJSON } from 'graphql-scalars';
import { ReportService, type ReportArgs, type ReportResult } from './report.service.js';

@ObjectType({ description: 'A column of a report: its name and the type of its values.' })
export class ReportColumn {
  @Field()
  name!: string;

  @Field({ description: 'string, int, decimal (fixed-point text), float, date (YYYY-MM-DD) or boolean' })
  type!: string;
}

@ObjectType({ description: 'A report: its columns, and one JSON array per group, in column order.' })
export class ReportResultType {
  @Field()
  code!: string;

  @Field(() => [ReportColumn])
  columns!: ReportColumn[];

  @Field(() => [GraphQLJSON])
  rows!: unknown[][];
}

@ObjectType({ description: 'A dataset the caller may run.' })
export class ReportDatasetInfo {
  @Field()
  code!: string;

  @Field({ nullable: true })
  title?: string;

  @Field(() => [String])
  dimensions!: string[];

  @Field(() => [String])
  metrics!: string[];
}

@InputType()
export class ReportOrderInput {
  @Field({ description: 'A dimension or metric of the report' })
  name!: string;

  @Field(() => SortDirection, { defaultValue: 'ASC' })
  direction!: 'ASC' | 'DESC';
}

const kindOf: Readonly<Record<string, FieldKind>> = {
  int: 'int',
  decimal: 'decimal',
  float: 'float',
  date: 'string',
  boolean: 'boolean',
  string: 'string',
};

/** `report`, `reportDatasets` and `reportExport`. */
@Resolver()
export class ReportingResolver {
  constructor(
    private readonly reports: ReportService,
    private readonly context: RequestContext,
    private readonly expensive: ExpensiveOperations,
    /** The export library's file writer; without it `reportExport` refuses. */
    @Optional() private readonly files?: TableFiles,
  ) {}

  /** A report run takes one of the user's slots for expensive operations while it runs. */
  private runReport(code: string, args: ReportArgs): Promise<ReportResult> {
    const userId = this.context.principal?.userId;
    if (!userId) return this.reports.run(code, args);
    return this.expensive.run(userId, `report ${code}`, () => this.reports.run(code, args));
  }

  // Lists only the datasets whose permission the caller holds.
  @Authenticated()
  @Query(() => [ReportDatasetInfo], { description: 'The report datasets the caller may run.' })
  async reportDatasets(): Promise<ReportDatasetInfo[]> {
    return (await this.reports.available()).map((dataset) => ({
      code: dataset.code,
      title: dataset.title,
      dimensions: Object.keys(dataset.dimensions),
      metrics: Object.keys(dataset.metrics),
    }));
  }

  // The dataset's permission and the model's scopes are checked by the report service.
  @AuthorizedPerModel()
  @Query(() => ReportResultType, {
    description: 'Runs a report dataset: one aggregate statement under your access rules.',
  })
  report(
    @Args('code') code: string,
    @Args('where', { type: () => GraphQLJSON, nullable: true }) where?: Record<string, unknown> | null,
    @Args('dimensions', { type: () => [String], nullable: true }) dimensions?: string[] | null,
    @Args('metrics', { type: () => [String], nullable: true }) metrics?: string[] | null,
    @Args('orderBy', { type: () => [ReportOrderInput], nullable: true }) orderBy?: ReportOrderInput[] | null,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number | null,
  ): Promise<ReportResult> {
    return this.runReport(code, { where, dimensions, metrics, orderBy, limit } satisfies ReportArgs);
  }

  @AuthorizedPerModel()
  @Mutation(() => FileLink, {
    description: 'Runs a report and returns a short-lived link to it as CSV or XLSX.',
  })
  async reportExport(
    @Args('code') code: string,
    @Args('format') format: string,
    @Args('where', { type: () => GraphQLJSON, nullable: true }) where?: Record<string, unknown> | null,
    @Args('dimensions', { type: () => [String], nullable: true }) dimensions?: string[] | null,
    @Args('metrics', { type: () => [String], nullable: true }) metrics?: string[] | null,
    @Args('orderBy', { type: () => [ReportOrderInput], nullable: true }) orderBy?: ReportOrderInput[] | null,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number | null,
  ): Promise<FileLink> {
    if (format !== 'csv' && format !== 'xlsx')
      throw new RailError(
        RailErrorCode.BAD_USER_INPUT,
        `format must be csv or xlsx, received ${JSON.stringify(format)}`,
      );
    if (!this.files) throw new RailError(RailErrorCode.BAD_USER_INPUT, 'Report files need RailExportModule');
    const report = await this.runReport(code, { where, dimensions, metrics, orderBy, limit });
    return this.files.saveTable(
      format,
      report.columns.map((column) => ({ title: column.name, kind: kindOf[column.type] ?? 'string' })),
      report.rows,
      code,
    );
  }
}
