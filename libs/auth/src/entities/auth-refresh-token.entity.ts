import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A refresh token, stored as a hash only; usable once, then replaced (rotation). */
@Entity({ name: 'auth_refresh_token' })
@Index('uq_auth_refresh_token_hash', ['tokenHash'], { unique: true })
@Index('idx_auth_refresh_token_session_id', ['sessionId'])
export class AuthRefreshToken {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  sessionId!: string;

  /** SHA-256 of the token: the random value itself never reaches the database. */
  @Column({ type: 'varchar', length: 64 })
  tokenHash!: string;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  /** Set when the token was exchanged; presenting it again is reuse. */
  @Column({ type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}
