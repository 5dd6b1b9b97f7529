import { Module } from '@nestjs/common';
import { RailAuditModule, auditEntities } from '@rail/audit';
import { RailAuthModule } from '@rail/auth';
import { RailModule } from '@rail/core';
import { RailFieldSecurityModule } from '@rail/field-security';
import { RailHealthModule } from '@rail/health';
import { RailRbacModule } from '@rail/rbac';
import { RailSchemaModule } from '@rail/schema';
import { helpdeskEntities, User } from './entities/index.js';
import { helpdeskRailOptions } from './helpdesk-options.js';

@Module({
  imports: [
    RailModule.forRootAsync({ useFactory: () => helpdeskRailOptions() }),
    // The generated GraphQL API: tickets, comments, users, the company and the audit trail.
    RailSchemaModule.forRoot({ entities: [...helpdeskEntities, ...auditEntities] }),
    RailAuthModule.forRootAsync({
      userEntity: User,
      useFactory: () => ({ jwt: { secret: process.env.JWT_SECRET } }),
    }),
    RailRbacModule.forRootAsync({
      useFactory: () => ({
        rolesFile: process.env.RAIL_ROLES_FILE ?? 'apps/helpdesk/roles.yml',
        userEntity: User,
      }),
    }),
    // The policies are on the entities (@FieldPolicy on Ticket.internalNote).
    RailFieldSecurityModule.forRoot(),
    // Tickets and comments are @Audited(); sign-ins and denials are recorded too.
    RailAuditModule.forRoot(),
    // /health/live, /health/ready, /health/startup.
    RailHealthModule.forRoot(),
  ],
})
export class AppModule {}
