import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The second step of a sign-in: answered once, or ended by too many wrong codes or time. */
@Entity({ name: 'auth_mfa_challenge' })
export class AuthMfaChallenge {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  userId!: string;

  @Column({ type: 'integer', default: 0 })
  failures!: number;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  consumedAt!: Date | null;
}
