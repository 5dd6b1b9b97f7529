import { z } from 'zod';
import { permissionSchema } from '../permissions/permission.schema.js';
import { roleNameSchema } from '../roles/role-name.schema.js';
import type { PolicyContext } from './policy.js';

// An empty matcher list would read as "matches nothing" to some and "no
// restriction" to others; refusing it keeps a policy's meaning unambiguous.
const matcher = <T extends z.ZodType>(item: T) =>
  z.array(item).min(1, { message: 'expected at least one entry; leave the key out to match anything' });

const policyFields = {
  name: z.string().regex(/^[\w.:-]{1,100}$/, {
    message: 'expected 1-100 letters, digits, "_", ".", ":" or "-"',
  }),
  effect: z.enum(['allow', 'deny']),
  priority: z.number().optional(),
  roles: matcher(roleNameSchema).optional(),
  permissions: matcher(permissionSchema).optional(),
  models: matcher(z.string().min(1)).optional(),
  operations: matcher(z.string().min(1)).optional(),
  fields: matcher(z.string().min(1)).optional(),
  mode: z.enum(['enforce', 'shadow']).optional(),
};

/** A policy defined in code: may carry a condition function. */
export const policyDefinitionSchema = z.strictObject({
  ...policyFields,
  condition: z
    .custom<(context: PolicyContext) => boolean>((value) => typeof value === 'function', {
      message: 'expected a function',
    })
    .optional(),
});

/** A policy read from a roles file: data only, so no condition. */
export const filePolicyDefinitionSchema = z.strictObject({
  ...policyFields,
  condition: z
    .never({ message: 'conditions can only be set on policies defined in code, not in a roles file' })
    .optional(),
});

function uniqueNames(policies: readonly { name: string }[], context: z.RefinementCtx): void {
  const seen = new Set<string>();
  policies.forEach((policy, index) => {
    if (seen.has(policy.name)) {
      context.addIssue({
        code: 'custom',
        path: [index, 'name'],
        message: `policy name "${policy.name}" is used twice; names identify policies in decisions and logs`,
      });
    }
    seen.add(policy.name);
  });
}

export const policyListSchema = z.array(policyDefinitionSchema).superRefine(uniqueNames);
export const filePolicyListSchema = z.array(filePolicyDefinitionSchema).superRefine(uniqueNames);
