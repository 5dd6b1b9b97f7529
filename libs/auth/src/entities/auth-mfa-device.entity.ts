import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A TOTP authenticator of a user; the secret is stored encrypted. */
@Entity({ name: 'auth_mfa_device' })
@Index('idx_auth_mfa_device_user_id', ['userId'])
export class AuthMfaDevice {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  userId!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** AES-256-GCM sealed base32 secret. */
  @Column({ type: 'varchar', length: 255 })
  secretSealed!: string;

  /** Null while enrolment awaits its first code. */
  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt!: Date | null;

  /** The last accepted TOTP time step: a code is accepted only for a later step (no replay). */
  @Column({ type: 'bigint', nullable: true })
  lastUsedStep!: string | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}
