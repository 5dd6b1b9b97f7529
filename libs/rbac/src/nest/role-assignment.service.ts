import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RailError, RailErrorCode, type RailPrincipal } from '@rail/core';
import { DataSource, type EntityManager } from 'typeorm';
import { RAIL_RBAC_OPTIONS, type RailRbacOptions } from './rail-rbac.options.js';
import { RbacEngine } from './rbac-engine.provider.js';
import { SecurityEvents } from './security-events.service.js';

type UserRow = { id: number | string; roles: string[]; companyId: number | string | null };

/**
 * Gives and takes roles, for admins, inside the admin's tenant. A role's
 * `maxUsers` holds under concurrency: assignments of one role in one tenant
 * are serialized (an advisory lock on PostgreSQL, SQLite's single writer).
 */
@Injectable()
export class RoleAssignmentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RAIL_RBAC_OPTIONS) private readonly options: RailRbacOptions,
    private readonly engine: RbacEngine,
    private readonly events: SecurityEvents,
  ) {}

  private assertMay(principal: RailPrincipal, permission: string): void {
    const decision = this.engine.authorizer.decide({
      principal: { userId: principal.userId, companyId: principal.companyId, roles: principal.roles },
      permission,
    });
    if (!decision.allowed)
      throw new RailError(RailErrorCode.FORBIDDEN, `Not allowed: ${permission}`, { reason: decision.reason });
  }

  private async loadUser(manager: EntityManager, principal: RailPrincipal, userId: string): Promise<UserRow> {
    const user = /^\d{1,15}$/.test(userId)
      ? await manager.findOne<UserRow>(this.options.userEntity, { where: { id: Number(userId) } })
      : null;
    // Another tenant's user does not exist, as far as this admin can tell.
    if (!user || String(user.companyId) !== principal.companyId) {
      throw new RailError(RailErrorCode.NOT_FOUND, `User ${userId} does not exist`);
    }
    return user;
  }

  async assign(principal: RailPrincipal, userId: string, role: string): Promise<string[]> {
    this.assertMay(principal, 'role.assign');
    if (!this.engine.registry.has(role))
      throw new RailError(RailErrorCode.BAD_USER_INPUT, `Unknown role "${role}"`);
    const roles = await this.dataSource.transaction(async (manager) => {
      if (this.dataSource.options.type === 'postgres') {
        await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
          `rail-role:${principal.companyId}:${role}`,
        ]);
      }
      const user = await this.loadUser(manager, principal, userId);
      if (user.roles.includes(role)) return user.roles;
      const limit = this.engine.registry.maxUsers(role);
      if (limit !== undefined) {
        const users = (await manager.find(this.options.userEntity, {
          where: { companyId: user.companyId } as never,
        })) as UserRow[];
        const holders = users.filter((candidate) => candidate.roles.includes(role)).length;
        if (holders >= limit) {
          throw new RailError(RailErrorCode.CONFLICT, `The role ${role} is limited to ${limit} users`, {
            maxUsers: limit,
          });
        }
      }
      const next = [...user.roles, role];
      await manager.update(this.options.userEntity, { id: user.id }, { roles: next });
      return next;
    });
    await this.events.emit('role.assigned', { entityId: userId, reason: role });
    return roles;
  }

  async revoke(principal: RailPrincipal, userId: string, role: string): Promise<string[]> {
    this.assertMay(principal, 'role.revoke');
    const roles = await this.dataSource.transaction(async (manager) => {
      const user = await this.loadUser(manager, principal, userId);
      const next = user.roles.filter((candidate) => candidate !== role);
      await manager.update(this.options.userEntity, { id: user.id }, { roles: next });
      return next;
    });
    await this.events.emit('role.revoked', { entityId: userId, reason: role });
    return roles;
  }
}
