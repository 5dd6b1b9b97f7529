import { Audited } from '@rail/audit';
import { GraphQLModel, OwnedBy, TenantScoped } from '@rail/core';
import { FieldPolicy } from '@rail/field-security';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import { Comment } from './comment.entity.js';
import { Company } from './company.entity.js';
import { User } from './user.entity.js';

export const ticketStatuses = ['open', 'pending', 'solved'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

/** A request for help. The requester is its owner: requesters see and change their own tickets only. */
@GraphQLModel({ quickSearch: ['subject'], defaultOrder: [{ createdAt: 'DESC' }] })
@Audited()
@TenantScoped('companyId') // set from the signed-in user; in no input
@OwnedBy('requesterId') // the caller when left out
@Entity({ name: 'ticket' })
@Index('idx_ticket_company_id_created_at', ['companyId', 'createdAt'])
export class Ticket {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Column({ type: 'integer' })
  companyId!: number;

  @ManyToOne(() => Company, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'company_id' })
  company!: Relation<Company>;

  @Index('idx_ticket_requester_id')
  @Column({ type: 'integer' })
  requesterId!: number;

  @ManyToOne(() => User, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'requester_id' })
  requester!: Relation<User>;

  @Column({ type: 'varchar', length: 200 })
  subject!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'simple-enum', enum: ticketStatuses, default: 'open' })
  status!: TicketStatus;

  /** The agents' own notes: hidden from requesters, who may not write them either. */
  @FieldPolicy({ read: { roles: ['agent'] } })
  @Column({ type: 'text', nullable: true })
  internalNote!: string | null;

  @OneToMany(() => Comment, (comment) => comment.ticket)
  comments!: Comment[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
