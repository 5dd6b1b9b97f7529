/**
 * Who is calling, as established by authentication. Libraries read it from the
 * request context; nothing in it comes from an unsigned client value.
 */
export interface RailPrincipal {
  readonly userId: string;
  /** The tenant the principal belongs to; `null` for platform-level users. */
  readonly companyId: string | null;
  readonly roles: readonly string[];
  /** How the principal proved who they are, e.g. `['pwd']` or `['pwd', 'otp']`. */
  readonly authMethods: readonly string[];
}
