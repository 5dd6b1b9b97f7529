import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One signed-in device: a family of rotating refresh tokens. Revoking the
 * session (logout, reuse detected, password change) ends every token of it,
 * access tokens included, on their next request.
 */
@Entity({ name: 'auth_session' })
@Index('idx_auth_session_user_id', ['userId'])
export class AuthSession {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  userId!: string;

  /** How the user proved who they are: `pwd`, then `otp` once MFA passed. */
  @Column({ type: 'simple-json' })
  authMethods!: string[];

  /** A session that may only enrol an MFA device (policy requires one and there is none). */
  @Column({ type: 'boolean', default: false })
  mfaEnrolmentOnly!: boolean;

  @Column({ type: 'varchar', length: 255, nullable: true })
  userAgent!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  lastUsedAt!: Date;

  /** Sliding end: pushed forward on each refresh, never past `absoluteExpiresAt`. */
  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz' })
  absoluteExpiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  revokedReason!: string | null;
}
