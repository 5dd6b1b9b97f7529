import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RequestContext } from '@rail/core';
import { DataSource, IsNull, Not, type EntityManager } from 'typeorm';
import { AuthRefreshToken } from '../entities/auth-refresh-token.entity.js';
import { AuthSession } from '../entities/auth-session.entity.js';
import { AuthEvents } from '../events/auth-events.service.js';
import { RAIL_AUTH_OPTIONS, type AuthUserRecord, type ResolvedAuthOptions } from '../rail-auth.options.js';
import { TokenService, unauthenticated } from '../tokens/token.service.js';
import type { AuthPrincipal } from './auth-principal.js';
import { PrincipalStatement } from './principal-statement.js';
import { userIdValue } from './user-id-value.js';

export interface IssuedTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
  readonly sessionId: string;
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
const addSeconds = (date: Date, seconds: number): Date => new Date(date.getTime() + seconds * 1000);

/**
 * Sessions and their rotating refresh tokens. A refresh token is an opaque
 * random value stored hashed; each use replaces it, and presenting a used one
 * again revokes its whole family (the session), because only a thief would.
 */
@Injectable()
export class SessionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RAIL_AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
    private readonly tokens: TokenService,
    private readonly context: RequestContext,
    private readonly events: AuthEvents,
  ) {}

  private statement?: PrincipalStatement;
  /** Compiled on first use: the entities' metadata is complete once the data source is initialised. */
  private get principalStatement(): PrincipalStatement {
    return (this.statement ??= new PrincipalStatement(this.dataSource, this.options.userEntity));
  }

  private get userRepository() {
    return this.dataSource.getRepository(this.options.userEntity);
  }

  async findUser(userId: string): Promise<AuthUserRecord | null> {
    return this.userRepository.findOne({ where: { id: userIdValue(userId) } });
  }

  async start(
    user: AuthUserRecord,
    authMethods: string[],
    mfaEnrolmentOnly: boolean,
    manager?: EntityManager,
  ): Promise<IssuedTokens> {
    const now = new Date();
    const session = Object.assign(new AuthSession(), {
      id: randomUUID(),
      userId: String(user.id),
      authMethods,
      mfaEnrolmentOnly,
      userAgent: this.context.userAgent?.slice(0, 255) ?? null,
      ip: this.context.ip ?? null,
      createdAt: now,
      lastUsedAt: now,
      expiresAt: addSeconds(now, this.options.refreshToken.idleTtlSeconds),
      absoluteExpiresAt: addSeconds(now, this.options.refreshToken.absoluteTtlSeconds),
      revokedAt: null,
      revokedReason: null,
    });
    const run = async (tx: EntityManager): Promise<IssuedTokens> => {
      await tx.insert(AuthSession, session);
      return this.issue(tx, session);
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  private async issue(manager: EntityManager, session: AuthSession): Promise<IssuedTokens> {
    const refreshToken = randomBytes(32).toString('base64url');
    await manager.insert(AuthRefreshToken, {
      id: randomUUID(),
      sessionId: session.id,
      tokenHash: hashToken(refreshToken),
      createdAt: new Date(),
      usedAt: null,
    });
    const { token, expiresIn } = this.tokens.signAccess(session.userId, session.id);
    return { accessToken: token, refreshToken, expiresIn, sessionId: session.id };
  }

  /** Exchanges a refresh token for a new pair; reuse of a spent token revokes the family. */
  async rotate(refreshToken: string): Promise<{ tokens: IssuedTokens; user: AuthUserRecord }> {
    if (typeof refreshToken !== 'string' || refreshToken.length > 200)
      throw unauthenticated('Invalid refresh token');
    const outcome = await this.dataSource.transaction(async (manager) => {
      const stored = await manager.findOne(AuthRefreshToken, {
        where: { tokenHash: hashToken(refreshToken) },
      });
      if (!stored) return { kind: 'invalid' as const };
      const session = await manager.findOne(AuthSession, { where: { id: stored.sessionId } });
      if (!session) return { kind: 'invalid' as const };
      // Spending the token is a compare-and-set, so two concurrent uses cannot both succeed.
      const spent = await manager.update(
        AuthRefreshToken,
        { id: stored.id, usedAt: IsNull() },
        { usedAt: new Date() },
      );
      if (spent.affected !== 1) {
        await this.revokeWith(manager, { id: session.id }, 'token_reuse');
        return { kind: 'reuse' as const, userId: session.userId };
      }
      const now = new Date();
      if (session.revokedAt || session.expiresAt <= now || session.absoluteExpiresAt <= now)
        return { kind: 'invalid' as const };
      const user = await this.findUser(session.userId);
      if (!user?.isActive) return { kind: 'invalid' as const };
      const expiresAt = new Date(
        Math.min(
          addSeconds(now, this.options.refreshToken.idleTtlSeconds).getTime(),
          session.absoluteExpiresAt.getTime(),
        ),
      );
      await manager.update(AuthSession, { id: session.id }, { lastUsedAt: now, expiresAt });
      return { kind: 'rotated' as const, tokens: await this.issue(manager, session), user };
    });
    if (outcome.kind === 'reuse') {
      // Recorded after the revocation committed, in its own transaction.
      await this.events.emit('auth.token.reuse_detected', {
        userId: outcome.userId,
        reason: 'refresh_token_reused',
      });
      throw unauthenticated('Invalid refresh token');
    }
    if (outcome.kind === 'invalid') throw unauthenticated('Invalid refresh token');
    return { tokens: outcome.tokens, user: outcome.user };
  }

  /** Revokes the session a refresh token belongs to (logout). */
  async revokeByRefreshToken(refreshToken: string, userId: string): Promise<boolean> {
    const stored = await this.dataSource
      .getRepository(AuthRefreshToken)
      .findOne({ where: { tokenHash: hashToken(refreshToken) } });
    if (!stored) return false;
    const result = await this.revokeWith(this.dataSource.manager, { id: stored.sessionId, userId }, 'logout');
    return result > 0;
  }

  async revokeSession(sessionId: string, userId: string, reason: string): Promise<boolean> {
    return (await this.revokeWith(this.dataSource.manager, { id: sessionId, userId }, reason)) > 0;
  }

  async revokeAll(
    userId: string,
    reason: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await this.revokeWith(manager, { userId }, reason);
  }

  /** Ends every session of the user but `keepSessionId` (the one that just proved itself). */
  async revokeOthers(
    userId: string,
    keepSessionId: string,
    reason: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.update(
      AuthSession,
      { userId, id: Not(keepSessionId), revokedAt: IsNull() },
      { revokedAt: new Date(), revokedReason: reason },
    );
  }

  private async revokeWith(
    manager: EntityManager,
    where: { id?: string; userId?: string },
    reason: string,
  ): Promise<number> {
    const result = await manager.update(
      AuthSession,
      { ...where, revokedAt: IsNull() },
      { revokedAt: new Date(), revokedReason: reason },
    );
    return result.affected ?? 0;
  }

  async listActive(userId: string): Promise<AuthSession[]> {
    return this.dataSource.getRepository(AuthSession).find({
      where: { userId, revokedAt: IsNull() },
      order: { lastUsedAt: 'DESC' },
    });
  }

  async upgrade(sessionId: string, authMethods: string[]): Promise<void> {
    await this.dataSource
      .getRepository(AuthSession)
      .update({ id: sessionId }, { authMethods, mfaEnrolmentOnly: false });
  }

  /**
   * The principal of a verified access token, read fresh on every request so
   * that a revoked session or a disabled user is refused at once.
   */
  async principalFor(userId: string, sessionId: string): Promise<AuthPrincipal> {
    // One statement per request: both rows by primary key, joined.
    const rows = await this.principalStatement.read(userIdValue(userId), sessionId);
    const session = rows?.session;
    const user = rows?.user;
    if (
      !session ||
      !user ||
      session.userId !== userId ||
      session.revokedAt ||
      session.absoluteExpiresAt <= new Date() ||
      !user.isActive
    ) {
      throw unauthenticated();
    }
    return {
      userId,
      sessionId,
      email: user.email,
      companyId: user.companyId === null ? null : String(user.companyId),
      roles: [...user.roles],
      authMethods: session.authMethods,
      mfaEnrolmentOnly: session.mfaEnrolmentOnly,
    };
  }
}
