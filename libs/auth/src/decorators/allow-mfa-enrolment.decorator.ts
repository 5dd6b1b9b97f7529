import { SetMetadata } from '@nestjs/common';

export const ALLOWS_MFA_ENROLMENT_SESSIONS = 'rail:auth:allows-mfa-enrolment';

/**
 * Lets a session that must still enrol an MFA device call this operation
 * (enrolment itself, `me`, sign-out); such sessions can call nothing else.
 */
export const AllowMfaEnrolmentSessions = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ALLOWS_MFA_ENROLMENT_SESSIONS, true);
