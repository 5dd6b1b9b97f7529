/** What the registry knows about a model when it asks contributors for more. */
export interface ModelDescriptor {
  readonly name: string;
  readonly tableName: string;
  readonly target: abstract new (...args: never[]) => unknown;
  readonly fields: readonly string[];
}

/**
 * Adds per-model metadata (classifications, policies) under its own key, so
 * `modelSchema` and other libraries can read it from the one registry.
 */
export interface ModelMetadataContributor {
  readonly key: string;
  contribute(model: ModelDescriptor): Readonly<Record<string, unknown>> | undefined;
}
