// Types of schema-diff.mjs, for the TypeScript tests that import it.
export type ChangeLevel = 'BREAKING' | 'DANGEROUS' | 'SAFE';

export interface SchemaChange {
  readonly level: ChangeLevel;
  /** `Type.field.argument`, or `(schema)` for a change of the schema's root types. */
  readonly path: string;
  readonly message: string;
}

export interface SchemaJudgment {
  readonly pass: boolean;
  readonly verdict: string;
}

export declare const ACKNOWLEDGMENT_TRAILER: string;

export declare function classifySchemaChanges(before: string, after: string): Promise<SchemaChange[]>;

export declare function formatChange(change: SchemaChange): string;

export declare function countChanges(changes: readonly SchemaChange[]): string;

export declare function judgeSchemaChange(input: {
  readonly changes: readonly SchemaChange[] | null;
  readonly acknowledgments: readonly string[];
}): SchemaJudgment;
