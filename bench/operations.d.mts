/** One statement of the floor, with its parameters. */
export interface FloorStatement {
  readonly text: string;
  readonly params: readonly unknown[];
  /** A write on SQLite: statements run before `text`, in the same transaction. */
  readonly steps?: ReadonlyArray<{ readonly text: string; readonly params: readonly unknown[] }>;
}

/** One operation of `npm run bench`: Rail's GraphQL document and the floor's SQL per dialect. */
export interface BenchOperation {
  readonly id: string;
  readonly label: string;
  readonly field: string;
  readonly graphql: string;
  readonly jsonColumns: readonly string[];
  readonly single?: boolean;
  /** Writes take a unique order reference per request (`$reference`; the floor's SQL takes it too). */
  readonly write?: boolean;
  readonly sql: {
    readonly postgres: FloorStatement | ((reference: string) => FloorStatement);
    readonly sqlite: FloorStatement | ((reference: string) => FloorStatement);
  };
}

export const operations: BenchOperation[];
export function operationById(id: string): BenchOperation | undefined;
