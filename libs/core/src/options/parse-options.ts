import type { z } from 'zod';
import { RailConfigurationError } from './rail-configuration.error.js';

/**
 * Validates a library's options with its zod schema; a problem stops the app
 * with every bad key named: `Invalid RailTasksModule options:\n  - "concurrency": …`.
 */
export function parseOptions<S extends z.ZodType>(schema: S, value: unknown, label: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((issue) => `  - "${issue.path.join('.')}": ${issue.message}`)
    .join('\n');
  throw new RailConfigurationError(`Invalid ${label}:\n${problems}`);
}
