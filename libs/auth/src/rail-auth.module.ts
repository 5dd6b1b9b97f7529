import {
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  Module,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DatabaseThrottleStore } from './throttle/database-throttle.store.js';
import { FallbackThrottleStore } from './throttle/fallback-throttle.store.js';
import { RedisThrottleStore } from './throttle/redis-throttle.store.js';
import { THROTTLE_STORE, type ThrottleStore } from './throttle/throttle.store.js';
import { AuthService } from './auth.service.js';
import { authEntities } from './entities/index.js';
import { AuthEvents } from './events/auth-events.service.js';
import { AuthResolver } from './graphql/auth.resolver.js';
import { JwtStrategy } from './guards/jwt.strategy.js';
import { BearerRequestAuthenticator } from './guards/bearer-request.authenticator.js';
import { RailAuthGuard } from './guards/rail-auth.guard.js';
import { MfaService } from './mfa/mfa.service.js';
import { TotpService } from './mfa/totp.service.js';
import { PasswordHasher } from './password/password-hasher.js';
import { PasswordPolicy } from './password/password-policy.js';
import {
  RAIL_AUTH_OPTIONS,
  resolveAuthOptions,
  type AuthUserEntity,
  type RailAuthOptions,
  type ResolvedAuthOptions,
} from './rail-auth.options.js';
import { SessionService } from './sessions/session.service.js';
import { LoginThrottle } from './throttle/login-throttle.service.js';
import { JwtKeyring } from './tokens/jwt-keyring.js';
import { TokenService } from './tokens/token.service.js';

/**
 * Authentication for a Rail app: JWT access tokens, rotating refresh tokens,
 * lockout, TOTP MFA with recovery codes, and a global guard that makes every
 * operation require a signed-in user unless it is `@Public()`.
 *
 * @example
 * RailAuthModule.forRoot({ userEntity: AppUser, jwt: { secret: process.env.JWT_SECRET }, mfa: { requiredForRoles: ['admin'] } })
 */
export interface RailAuthAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  /** Known when the module is defined: its repository is registered then. */
  userEntity: AuthUserEntity;
  useFactory: (
    ...args: never[]
  ) => Omit<RailAuthOptions, 'userEntity'> | Promise<Omit<RailAuthOptions, 'userEntity'>>;
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
}

@Module({})
export class RailAuthModule {
  static forRoot(options: RailAuthOptions): DynamicModule {
    return RailAuthModule.forRootAsync({ userEntity: options.userEntity, useFactory: () => options });
  }

  /**
   * Options from configuration or secrets, read when the app starts.
   *
   * @example
   * RailAuthModule.forRootAsync({ userEntity: AppUser, inject: [ConfigService], useFactory: (config) => ({ jwt: { secret: config.get('JWT_SECRET') } }) })
   */
  static forRootAsync(options: RailAuthAsyncOptions): DynamicModule {
    return {
      module: RailAuthModule,
      imports: [
        ...(options.imports ?? []),
        PassportModule,
        TypeOrmModule.forFeature([...authEntities, options.userEntity]),
      ],
      providers: [
        // Validated when the app starts: a bad option stops it with a message naming the key.
        {
          provide: RAIL_AUTH_OPTIONS,
          inject: options.inject ?? [],
          useFactory: async (...args: never[]) =>
            resolveAuthOptions({ ...(await options.useFactory(...args)), userEntity: options.userEntity }),
        },
        JwtKeyring,
        TokenService,
        PasswordHasher,
        PasswordPolicy,
        { provide: TotpService, useFactory: () => new TotpService() },
        SessionService,
        {
          provide: THROTTLE_STORE,
          inject: [RAIL_AUTH_OPTIONS, getDataSourceToken()],
          useFactory: (resolved: ResolvedAuthOptions, dataSource: DataSource): ThrottleStore =>
            // Redis when configured, with the database as the fallback while Redis does not answer.
            resolved.throttle.redisUrl
              ? new FallbackThrottleStore(
                  new RedisThrottleStore(resolved.throttle.redisUrl, resolved.throttle.redisKeyPrefix),
                  new DatabaseThrottleStore(dataSource),
                )
              : new DatabaseThrottleStore(dataSource),
        },
        LoginThrottle,
        MfaService,
        AuthEvents,
        AuthService,
        JwtStrategy,
        BearerRequestAuthenticator,
        AuthResolver,
        RailAuthGuard,
      ],
      exports: [AuthService, SessionService, AuthEvents, PasswordHasher],
    };
  }
}
