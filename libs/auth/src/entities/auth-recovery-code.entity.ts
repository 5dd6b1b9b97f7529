import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A single-use MFA recovery code, stored as a hash. */
@Entity({ name: 'auth_recovery_code' })
@Index('idx_auth_recovery_code_user_id', ['userId'])
export class AuthRecoveryCode {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  userId!: string;

  @Column({ type: 'varchar', length: 64 })
  codeHash!: string;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}
