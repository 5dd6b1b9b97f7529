import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';

/** How a field's value reaches the caller. */
export enum FieldReadAccessKind {
  VISIBLE = 'VISIBLE',
  MASKED = 'MASKED',
  HIDDEN = 'HIDDEN',
  /** Decided row by row (the owner reads it in clear, others do not). */
  PER_ROW = 'PER_ROW',
}
registerEnumType(FieldReadAccessKind, { name: 'FieldReadAccessKind' });

@ObjectType({ description: 'One field of a model, and what the caller may do with it.' })
export class ModelFieldSchema {
  @Field() name!: string;
  @Field({ description: 'id, string, int, float, decimal, boolean, datetime, date, enum or json.' })
  kind!: string;
  @Field() nullable!: boolean;
  @Field(() => [String], { nullable: true }) enumValues!: string[] | null;
  @Field() filterable!: boolean;
  @Field(() => [String], { description: 'The operators `where` takes on this field (eq, in, contains, …).' })
  filterOperators!: string[];
  @Field() orderable!: boolean;
  @Field({ description: 'Searched by the `quick` argument of lists.' }) quickSearch!: boolean;
  @Field(() => FieldReadAccessKind, { description: 'How the value reaches you.' })
  readAccess!: FieldReadAccessKind;
  @Field({ description: 'You may set it in a create or update.' }) writable!: boolean;
  @Field(() => String, { nullable: true }) description!: string | null;
}

@ObjectType({ description: 'A relation of a model to another.' })
export class ModelRelationSchema {
  @Field() name!: string;
  @Field({ description: 'The related model.' }) target!: string;
  @Field({ description: 'one or many.' }) cardinality!: string;
  @Field() nullable!: boolean;
}

@ObjectType({ description: 'A model action (a mutation `<name><Model>(id)`), and whether you may run it.' })
export class ModelActionSchema {
  @Field() name!: string;
  @Field() mutation!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field() allowed!: boolean;
}

@ObjectType({
  description:
    'A model of the generated API as the caller may use it: for forms and tables built without a second source of truth.',
})
export class ModelSchema {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field({ description: 'The list query.' }) plural!: string;
  @Field(() => [String], {
    description: 'The generated operations you may run (list, retrieve, create, update, delete).',
  })
  operations!: string[];
  @Field(() => [ModelFieldSchema]) fields!: ModelFieldSchema[];
  @Field(() => [ModelRelationSchema]) relations!: ModelRelationSchema[];
  @Field(() => [ModelActionSchema]) actions!: ModelActionSchema[];
  @Field(() => GraphQLJSON, {
    description:
      'What the installed libraries say about the model, by library: field classifications (fieldSecurity), audited or not (audit), exportable fields (export), emitted events (webhooks).',
  })
  metadata!: Record<string, unknown>;
}
