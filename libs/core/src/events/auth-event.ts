/** What @rail/auth reports: sign-ins, failures, lockouts, MFA and password changes, token reuse. */
export type AuthEventType =
  | 'auth.login.succeeded'
  | 'auth.login.failed'
  | 'auth.lockout'
  | 'auth.mfa.challenge.failed'
  | 'auth.mfa.enrolled'
  | 'auth.mfa.disabled'
  | 'auth.mfa.recovery_codes.regenerated'
  | 'auth.token.reuse_detected'
  | 'auth.password.changed'
  | 'auth.logout';

export interface AuthEvent {
  readonly type: AuthEventType;
  readonly userId: string | null;
  /** The user's company (tenant); `null` when there is no known user or the user has none. */
  readonly companyId: string | null;
  /** The user's roles when known, for the record. */
  readonly roles?: readonly string[];
  /** What was attempted, e.g. the email of a failed sign-in; never a secret. */
  readonly subject?: string;
  readonly reason?: string;
  readonly requestId?: string;
  readonly ip?: string;
  readonly userAgent?: string;
  readonly occurredAt: Date;
}
