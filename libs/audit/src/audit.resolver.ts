import { Args, ID, Info, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AuthorizedPerModel, modelType, ModelReader } from '@rail/core';
import type { GraphQLResolveInfo } from 'graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { AuditChangesRedactor } from './audit-changes.redactor.js';
import type { FieldChange } from './audit-diff.js';
import { AuditEvent } from './audit-event.entity.js';

/**
 * `auditTrail(model, id)`: one entity's history, oldest first, through the
 * generated `AuditEvent` list (same permission, tenant scope and limits as
 * `auditEvents`); and the reader-specific view of `changes`.
 */
@Resolver(() => modelType(AuditEvent))
export class AuditResolver {
  constructor(
    private readonly reader: ModelReader,
    private readonly redactor: AuditChangesRedactor,
  ) {}

  @AuthorizedPerModel()
  @Query(() => [modelType(AuditEvent)], {
    description:
      'One entity\'s audit history, oldest first (for example `auditTrail(model: "Product", id: "7")`).',
  })
  auditTrail(
    @Args('model') model: string,
    @Args('id', { type: () => ID }) id: string,
    @Info() info: GraphQLResolveInfo,
    @Args('offset', { type: () => Int, nullable: true }) offset?: number,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
  ): Promise<object[]> {
    return this.reader.list(
      this.reader.registry.forEntity(AuditEvent),
      {
        where: { model: { eq: model }, entityId: { eq: id } },
        orderBy: [{ occurredAt: 'ASC' }],
        offset,
        limit,
      },
      info,
    );
  }

  @ResolveField('changes', () => GraphQLJSON, { nullable: true })
  changes(
    @Parent() event: { model?: string | null; changes?: Record<string, FieldChange> | null },
  ): Promise<Record<string, FieldChange> | null> {
    return this.redactor.forReader(event.model, event.changes);
  }
}
