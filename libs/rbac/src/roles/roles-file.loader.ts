import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { RailConfigurationError } from '@rail/core';
import { load } from 'js-yaml';
import { parseRbacConfig, rbacFileSchema, type ResolvedRbacConfig } from './rbac-config.schema.js';

/**
 * Reads roles and policies from a YAML (`.yml`, `.yaml`) or JSON (`.json`)
 * file and validates them; pass the result to `new RoleRegistry()`. Policies in
 * a file cannot have conditions: those are code. Synchronous, because it runs
 * once at start-up, before anything could be served.
 */
export function loadRbacConfig(path: string): ResolvedRbacConfig {
  const extension = extname(path).toLowerCase();
  if (!['.yml', '.yaml', '.json'].includes(extension)) {
    throw new RailConfigurationError(`Roles file "${path}" must be a .yml, .yaml or .json file`);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new RailConfigurationError(`Cannot read the roles file "${path}": ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    // js-yaml's default (core) schema builds plain data only: no custom tags, no code.
    document = extension === '.json' ? JSON.parse(text) : load(text, { filename: path });
  } catch (error) {
    throw new RailConfigurationError(`Cannot parse the roles file "${path}": ${(error as Error).message}`);
  }
  return parseRbacConfig(document, `roles file "${path}"`, rbacFileSchema);
}
