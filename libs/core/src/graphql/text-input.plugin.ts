import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { BREAK, Kind, visit, type DocumentNode, type ValueNode } from 'graphql';
import { RailErrorCode } from '../errors/rail-error-code.enum.js';
import { RailError } from '../errors/rail.error.js';
import {
  findUnsafeInput,
  MAX_INPUT_DEPTH,
  unsafeTextReason,
  type UnsafeInput,
} from '../input/unsafe-text.js';

/** The first unsafe string in a literal argument value (nested objects and lists included). */
function unsafeLiteral(node: ValueNode, path: string, depth: number): UnsafeInput | undefined {
  if (depth > MAX_INPUT_DEPTH) return { path, reason: `nests deeper than ${MAX_INPUT_DEPTH} levels` };
  switch (node.kind) {
    case Kind.STRING: {
      const reason = unsafeTextReason(node.value);
      return reason ? { path, reason } : undefined;
    }
    case Kind.LIST:
      for (const [index, item] of node.values.entries()) {
        const found = unsafeLiteral(item, `${path}.${index}`, depth + 1);
        if (found) return found;
      }
      return undefined;
    case Kind.OBJECT:
      for (const field of node.fields) {
        const found = unsafeLiteral(field.value, `${path}.${field.name.value}`, depth + 1);
        if (found) return found;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** The first unsafe literal argument of the document, its path starting at the field (`orders.where.name.eq`). */
function unsafeLiteralIn(document: DocumentNode): UnsafeInput | undefined {
  const fields: string[] = [];
  let found: UnsafeInput | undefined;
  visit(document, {
    Field: {
      enter: (node) => void fields.push(node.alias?.value ?? node.name.value),
      leave: () => void fields.pop(),
    },
    Argument: (node) => {
      const owner = fields.at(-1);
      found = unsafeLiteral(node.value, owner ? `${owner}.${node.name.value}` : node.name.value, 0);
      return found ? BREAK : undefined;
    },
  });
  return found;
}

function refused({ path, reason }: UnsafeInput): RailError {
  return new RailError(RailErrorCode.BAD_USER_INPUT, `${path} ${reason}`, {
    field: path,
    http: { status: 400 },
  });
}

/**
 * Refuses, before anything runs, text no field may receive (NUL, an unpaired
 * surrogate: see unsafe-text.ts) and JSON nested beyond the input depth:
 * HTTP 400, BAD_USER_INPUT naming the path. One check over the raw variables
 * and the document's literals covers every argument of every field, whatever
 * its type: String, ID, Decimal, DateTime, JSON, enums of hand-written
 * resolvers. A scalar cannot do this for String and ID: GraphQL's built-in
 * scalars cannot be replaced in a schema.
 */
export function textInputPlugin(): ApolloServerPlugin<BaseContext> {
  // Apollo keeps one parsed document per query text: its literals are checked once, not per request.
  const literals = new WeakMap<DocumentNode, UnsafeInput | null>();
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ request, document }) {
          for (const [name, value] of Object.entries(request.variables ?? {})) {
            const found = findUnsafeInput(value, `$${name}`);
            if (found) throw refused(found);
          }
          let literal = literals.get(document);
          if (literal === undefined) {
            literal = unsafeLiteralIn(document) ?? null;
            literals.set(document, literal);
          }
          if (literal) throw refused(literal);
          return Promise.resolve();
        },
      });
    },
  };
}
