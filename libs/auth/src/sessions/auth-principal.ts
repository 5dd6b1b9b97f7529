import type { RailPrincipal } from '@rail/core';

/** The principal of a signed-in request, as the auth library establishes it. */
export interface AuthPrincipal extends RailPrincipal {
  readonly sessionId: string;
  readonly email: string;
  /** The session may only enrol an MFA device, because policy requires one. */
  readonly mfaEnrolmentOnly: boolean;
}
