import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The TypeScript files below `directory` that ship (specs left out), for the tests that read the product's sources. */
export function productFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return productFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}
