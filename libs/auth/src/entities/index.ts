import { AuthMfaChallenge } from './auth-mfa-challenge.entity.js';
import { AuthMfaDevice } from './auth-mfa-device.entity.js';
import { AuthRecoveryCode } from './auth-recovery-code.entity.js';
import { AuthRefreshToken } from './auth-refresh-token.entity.js';
import { AuthSession } from './auth-session.entity.js';
import { AuthThrottle } from './auth-throttle.entity.js';

export { AuthMfaChallenge, AuthMfaDevice, AuthRecoveryCode, AuthRefreshToken, AuthSession, AuthThrottle };

/** The auth library's own tables; add them to the app's entities (and migrations). */
export const authEntities = [
  AuthSession,
  AuthRefreshToken,
  AuthMfaDevice,
  AuthRecoveryCode,
  AuthMfaChallenge,
  AuthThrottle,
];
