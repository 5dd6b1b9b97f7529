import { Audited } from '@rail/audit';
import { GraphQLModel, OwnedBy, TenantScoped } from '@rail/core';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Ticket } from './ticket.entity.js';

/** A reply on a ticket. Scoped through its ticket: a requester reads and writes the comments of their own tickets. */
@GraphQLModel({ defaultOrder: [{ createdAt: 'ASC' }] })
@Audited()
@TenantScoped('ticket.companyId')
@OwnedBy('ticket.requesterId')
@Entity({ name: 'ticket_comment' })
export class Comment {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Index('idx_ticket_comment_ticket_id')
  @Column({ type: 'integer' })
  ticketId!: number;

  @ManyToOne(() => Ticket, (ticket) => ticket.comments, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id' })
  ticket!: Relation<Ticket>;

  @Column({ type: 'text' })
  body!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
