import type { IncomingHttpHeaders } from 'node:http';
import type { RailPrincipal } from './rail-principal.js';

/**
 * Tells who sent a request from its credentials alone, before any resolver
 * runs (guards authenticate per field, which is too late for decisions about
 * the whole document, such as who may introspect in production). The
 * authentication library registers one; a bad or missing credential is `null`,
 * never an error.
 */
export interface RequestAuthenticator {
  authenticate(request: { readonly headers: IncomingHttpHeaders }): Promise<RailPrincipal | null>;
}
