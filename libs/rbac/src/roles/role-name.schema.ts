import { z } from 'zod';

// Role names end up in tokens, database columns and YAML keys; one plain
// spelling avoids `Sales` and `sales` meaning two roles.
export const roleNameSchema = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, {
  message: 'expected a lowercase snake_case role name of at most 64 characters, e.g. "catalog_editor"',
});
