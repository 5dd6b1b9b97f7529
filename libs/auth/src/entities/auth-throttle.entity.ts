import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed sign-in attempts per account or client address, shared by every
 * instance of the app through the database.
 */
@Entity({ name: 'auth_throttle' })
export class AuthThrottle {
  /** `account:<email>` or `address:<ip>`. */
  @PrimaryColumn({ type: 'varchar', length: 300 })
  key!: string;

  @Column({ type: 'integer', default: 0 })
  failures!: number;

  @Column({ type: 'timestamptz' })
  windowStartedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;
}
