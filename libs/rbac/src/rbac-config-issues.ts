import type { z } from 'zod';

/** One line per problem, each naming the key it is about, e.g. `- "roles.sales.inherits.0": …`. */
export function describeConfigIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      // A bad record key (a role name) carries its reason in nested issues.
      const message =
        issue.code === 'invalid_key'
          ? issue.issues.map((nested) => nested.message).join('; ')
          : issue.message;
      return `  - "${issue.path.map(String).join('.')}": ${message}`;
    })
    .join('\n');
}
