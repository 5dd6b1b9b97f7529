import { types } from 'node:util';
import { RailConfigurationError } from '../options/rail-configuration.error.js';
import { describeMissingModule } from './missing-module.js';

const connectionProblems: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'nothing is listening at that address',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved (DNS unavailable)',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  '28P01': 'the password was refused',
  '28000': 'the user is not allowed to connect',
  '3D000': 'the database does not exist',
};

interface ErrorWithCode extends Error {
  code?: string;
  errors?: unknown[];
}

// isNativeError rather than instanceof: errors raised by Node's sockets come
// from another realm than the code under test (Jest's VM contexts).
function codeOf(error: unknown): string | undefined {
  if (!types.isNativeError(error)) return undefined;
  const { code, errors } = error as ErrorWithCode;
  if (typeof code === 'string') return code;
  // pg reports a refused dual-stack connection as an AggregateError.
  return errors?.map(codeOf).find((inner) => inner !== undefined);
}

/**
 * Turns an error that stopped the app from starting into one sentence an
 * operator can act on, instead of a stack trace.
 */
export function describeStartupError(error: unknown): string {
  if (error instanceof RailConfigurationError) return error.message;
  const missingModule = describeMissingModule(error);
  if (missingModule) return missingModule;
  const code = codeOf(error);
  if (code && code in connectionProblems) {
    return `Cannot connect to the database: ${connectionProblems[code]} (${code}). Check DATABASE_URL, or unset it to use the embedded SQLite database.`;
  }
  return types.isNativeError(error) ? `${error.name}: ${error.message}` : String(error);
}
