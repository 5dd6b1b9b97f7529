import 'reflect-metadata';

export interface GraphQLFieldOptions {
  /** Leave the field out of the API entirely (types, inputs, filters). */
  exclude?: boolean;
  /** Readable, never writable through generated mutations. */
  readOnly?: boolean;
  /** Writable, never readable (for example a secret the client sets). */
  writeOnly?: boolean;
  /** May appear in `where`; default true for scalar fields. */
  filterable?: boolean;
  /** May appear in `orderBy`; default true for scalar fields other than long text and JSON. */
  orderable?: boolean;
  description?: string;
  /**
   * Other fields to load whenever this one is selected, for a hand-written
   * `@ResolveField` of the same name that needs them (the parent row then
   * holds them even when the query did not ask for them).
   */
  requires?: readonly string[];
}

const GRAPHQL_FIELDS = Symbol('rail:graphql-fields');

/**
 * Per-field options of the generated API.
 *
 * @example
 * @GraphQLField({ exclude: true })
 * @Column() passwordHash!: string;
 */
export function GraphQLField(options: GraphQLFieldOptions): PropertyDecorator {
  return (target, propertyKey) => {
    const fields = new Map(graphQLFieldOptionsOf(target.constructor));
    fields.set(String(propertyKey), options);
    Reflect.defineMetadata(GRAPHQL_FIELDS, fields, target.constructor);
  };
}

export function graphQLFieldOptionsOf(target: object): ReadonlyMap<string, GraphQLFieldOptions> {
  return (
    (Reflect.getMetadata(GRAPHQL_FIELDS, target) as Map<string, GraphQLFieldOptions> | undefined) ?? new Map()
  );
}
