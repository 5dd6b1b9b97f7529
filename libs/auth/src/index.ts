export { PasswordHasher, PASSWORD_HASH_PARAMETERS, DUMMY_PASSWORD_HASH } from './password/password-hasher.js';
export { PasswordPolicy, type PasswordContext } from './password/password-policy.js';
/** Kept for apps that imported it from here; it lives in @rail/core. */
export { SecretBox } from '@rail/core';
export {
  TotpService,
  type TotpOptions,
  type TotpAlgorithm,
  type TotpVerification,
  type TotpUriLabel,
} from './mfa/totp.service.js';
export {
  generateRecoveryCodes,
  normalizeRecoveryCode,
  hashRecoveryCode,
  RECOVERY_CODE_BITS,
} from './mfa/recovery-codes.js';
export { RailAuthModule, type RailAuthAsyncOptions } from './rail-auth.module.js';
export { type RailAuthOptions, type AuthUserRecord, DEVELOPMENT_JWT_SECRET } from './rail-auth.options.js';
export { authEntities } from './entities/index.js';
export { Public } from './decorators/public.decorator.js';
export { CurrentUser } from './decorators/current-user.decorator.js';
export { AllowMfaEnrolmentSessions } from './decorators/allow-mfa-enrolment.decorator.js';
export type { AuthPrincipal } from './sessions/auth-principal.js';
export { AuthEvents, type AuthEvent, type AuthEventType } from './events/auth-events.service.js';
export { AuthService } from './auth.service.js';
export { UserAccounts, type NewUserAccount } from './user-accounts.service.js';
export { SessionService } from './sessions/session.service.js';
export { THROTTLE_STORE, type ThrottleStore } from './throttle/throttle.store.js';
