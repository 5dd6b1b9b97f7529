import { Comment } from './comment.entity.js';
import { Company } from './company.entity.js';
import { Ticket } from './ticket.entity.js';
import { User } from './user.entity.js';

export { Comment, Company, Ticket, User };
export { ticketStatuses, type TicketStatus } from './ticket.entity.js';

/** The helpdesk's own tables. */
export const helpdeskEntities = [Company, User, Ticket, Comment];
