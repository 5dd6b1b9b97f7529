import {
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { malformedValues, pick, Raw, toJson, toLiteral, validValue, type FuzzValue } from './fuzz-values.js';

/** One input position of a root field: its path from the argument (`where.id.in`) and type. */
interface Position {
  readonly argument: string;
  readonly path: readonly string[];
  readonly type: GraphQLInputType;
}

/** One operation of the fuzz, with what it probes, for the failure message. */
export interface FuzzOperation {
  readonly probe: string;
  /** The body of one request: `{"query":…,"variables":…}`. */
  readonly body: string;
}

export interface FuzzLimits {
  /** Input objects followed below an argument. */
  readonly depth: number;
  /** Positions probed per root field (the arguments themselves always, then a seeded sample). */
  readonly positionsPerField: number;
  /** Malformed values per position. */
  readonly valuesPerPosition: number;
  /** The share of probes also sent inline, as literals. */
  readonly literalShare: number;
}

/** Every position under one argument, input objects followed `depth` levels down (list items: index 0). */
function positionsOf(argument: string, type: GraphQLInputType, depth: number): Position[] {
  const found: Position[] = [];
  const walk = (current: GraphQLInputType, path: string[], level: number, seen: ReadonlySet<string>) => {
    found.push({ argument, path, type: current });
    const inner = isNonNullType(current) ? current.ofType : current;
    if (isListType(inner)) {
      walk(inner.ofType, [...path, '0'], level, seen);
      return;
    }
    if (!isInputObjectType(inner) || level >= depth) return;
    // A type seen on the path (where → AND → where) is followed once more at most: the sample stays varied.
    if (seen.has(inner.name) && path.length > 2) return;
    for (const field of Object.values(inner.getFields()))
      walk(field.type, [...path, field.name], level + 1, new Set([...seen, inner.name]));
  };
  walk(type, [], 0, new Set());
  return found;
}

/** `value` with `replacement` put at `path`, building valid required siblings on the way. */
function placed(
  base: FuzzValue,
  type: GraphQLInputType,
  path: readonly string[],
  replacement: FuzzValue,
): FuzzValue {
  if (path.length === 0) return replacement;
  const inner = isNonNullType(type) ? type.ofType : type;
  const [head, ...rest] = path;
  if (isListType(inner)) {
    const item = Array.isArray(base) && base.length > 0 ? base[0] : validValue(inner.ofType);
    return [placed(item, inner.ofType, rest, replacement)];
  }
  if (!isInputObjectType(inner)) return replacement;
  const object: Record<string, FuzzValue> =
    base !== null && typeof base === 'object' && !Array.isArray(base) && !(base instanceof Raw)
      ? { ...base }
      : {};
  const fieldType = inner.getFields()[head].type;
  object[head] = placed(object[head] ?? validValue(fieldType), fieldType, rest, replacement);
  return object;
}

function selectionOf(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  return isObjectType(named) || isInterfaceType(named) || isUnionType(named) ? ' { __typename }' : '';
}

/**
 * The operations for one root field: each probes one position with one
 * malformed value, every other required argument valid; sent as variables
 * and, for a share of them, inline as literals too.
 */
export function operationsFor(
  operation: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
  random: () => number,
  limits: FuzzLimits,
  /** Valid values that get past the first check (a report that exists), by argument name. */
  baselines: Readonly<Record<string, FuzzValue>> = {},
  /** Arguments not probed (each listed with its reason by the caller). */
  skipped: ReadonlySet<string> = new Set(),
): FuzzOperation[] {
  const positions = field.args
    .filter((argument) => !skipped.has(argument.name))
    .flatMap((argument) => positionsOf(argument.name, argument.type, limits.depth));
  const top = positions.filter((position) => position.path.length === 0);
  const nested = positions.filter((position) => position.path.length > 0);
  const chosen = [...top, ...pick(random, nested, Math.max(0, limits.positionsPerField - top.length))];
  const baseline = new Map(
    field.args.map((argument) => [argument.name, baselines[argument.name] ?? validValue(argument.type)]),
  );
  const required = field.args.filter(
    (argument) => isNonNullType(argument.type) || argument.name in baselines,
  );
  const operations: FuzzOperation[] = [];
  for (const position of chosen) {
    const argument = field.args.find((candidate) => candidate.name === position.argument)!;
    const values = malformedValues(position.type);
    // JSON positions (report and export filters) get every value: the shapes there are the attack surface.
    const isJson = getNamedType(position.type).name === 'JSON';
    for (const value of isJson ? values : pick(random, values, limits.valuesPerPosition)) {
      const probed = placed(baseline.get(argument.name)!, argument.type, position.path, value);
      const args = new Map<string, FuzzValue>(
        required.map((candidate) => [candidate.name, baseline.get(candidate.name)!]),
      );
      args.set(argument.name, probed);
      const probe = `${field.name}(${[argument.name, ...position.path].join('.')} = ${toJson(value).slice(0, 80)})`;
      const names = [...args.keys()];
      const definitions = names.map(
        (name) => `$${name}: ${String(field.args.find((a) => a.name === name)!.type)}`,
      );
      const query = `${operation} Fuzz(${definitions.join(', ')}) { ${field.name}(${names.map((name) => `${name}: $${name}`).join(', ')})${selectionOf(field)} }`;
      const variables = `{${[...args].map(([name, item]) => `${JSON.stringify(name)}:${toJson(item)}`).join(',')}}`;
      operations.push({
        probe: `${probe} as variables`,
        body: `{"query":${JSON.stringify(query)},"variables":${variables}}`,
      });
      if (random() < limits.literalShare) {
        const literal = `${operation} { ${field.name}(${[...args].map(([name, item]) => `${name}: ${toLiteral(item)}`).join(', ')})${selectionOf(field)} }`;
        operations.push({ probe: `${probe} as literals`, body: `{"query":${JSON.stringify(literal)}}` });
      }
    }
  }
  return operations;
}

export function rootFields(schema: GraphQLSchema, operation: 'query' | 'mutation') {
  const type = operation === 'query' ? schema.getQueryType() : schema.getMutationType();
  return Object.values(type?.getFields() ?? {});
}
