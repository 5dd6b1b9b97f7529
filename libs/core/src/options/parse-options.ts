import type { z } from 'zod';
import { describeReceived } from './describe-received.js';
import { RailConfigurationError } from './rail-configuration.error.js';

/** One wrong option: where it is, what was expected, and (when known) what was given. */
export interface OptionProblem {
  readonly path: readonly PropertyKey[];
  readonly expected: string;
  /** The value given; shown redacted (a secret key's value never appears). Left out: not shown. */
  readonly received?: { readonly value: unknown };
}

function keyOf(path: readonly PropertyKey[]): string {
  return path.length > 0 ? path.map(String).join('.') : '(root)';
}

/** `  - "<key>": <expected>, received <value>`: the one line format of every option problem. */
export function describeOptionProblem(problem: OptionProblem): string {
  const received = problem.received
    ? `, received ${describeReceived(problem.received.value, problem.path)}`
    : '';
  return `  - "${keyOf(problem.path)}": ${problem.expected}${received}`;
}

/** The start-up error of a module's options: `Invalid <label>:` and one line per problem. */
export function invalidOptions(label: string, problems: readonly OptionProblem[]): RailConfigurationError {
  return new RailConfigurationError(`Invalid ${label}:\n${problems.map(describeOptionProblem).join('\n')}`);
}

// zod's own wording repeats the type it found ("Invalid input: expected boolean,
// received string"); the line adds the value itself, so only the expectation is kept.
const errorMap: z.core.$ZodErrorMap = (issue) =>
  issue.code === 'invalid_type' ? `expected ${issue.expected}` : undefined;

/**
 * The value at the issue's key in what the caller gave: the value itself, not
 * what a preprocess or transform made of it, and not the parent object that a
 * refinement reports; zod's own report when the path leaves the given value.
 */
function givenAt(root: unknown, issue: z.core.$ZodIssue): unknown {
  let current = root;
  for (const segment of issue.path) {
    if (typeof current !== 'object' || current === null) return issue.input;
    if (!(segment in current)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function problemsOf(issue: z.core.$ZodIssue, given: unknown): string[] {
  if (issue.code === 'unrecognized_keys') {
    const prefix = issue.path.length > 0 ? `${keyOf(issue.path)}.` : '';
    return issue.keys.map((name) => `  - "${prefix}${name}" is not a known option`);
  }
  // A bad record key (a queue or role name) carries its reason in nested issues.
  if (issue.code === 'invalid_key') {
    const expected = issue.issues.map((nested) => nested.message).join('; ');
    return [describeOptionProblem({ path: issue.path, expected, received: { value: issue.path.at(-1) } })];
  }
  return [
    describeOptionProblem({
      path: issue.path,
      expected: issue.message,
      received: { value: givenAt(given, issue) },
    }),
  ];
}

/**
 * Validates a module's options with its zod schema; a problem stops the app
 * with every bad key named, the value received (a secret's redacted) and what
 * is expected: `Invalid RailTasksModule options:\n  - "concurrency": Too small: expected number to be >=1, received 0`.
 */
export function parseOptions<S extends z.ZodType>(schema: S, value: unknown, label: string): z.output<S> {
  const parsed = schema.safeParse(value, { reportInput: true, error: errorMap });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.flatMap((issue) => problemsOf(issue, value));
  throw new RailConfigurationError(`Invalid ${label}:\n${problems.join('\n')}`);
}
