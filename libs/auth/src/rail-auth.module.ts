import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { railLibraryModule, type RailLibraryAsyncOptions } from '@rail/core';
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
import { UserAccounts } from './user-accounts.service.js';
import { RailAuthGuard } from './guards/rail-auth.guard.js';
import { MfaService } from './mfa/mfa.service.js';
import { TotpService } from './mfa/totp.service.js';
import { PasswordHasher } from './password/password-hasher.js';
import { PasswordPolicy } from './password/password-policy.js';
import {
  authOptionsSchema,
  checkAuthSecrets,
  RAIL_AUTH_OPTIONS,
  type RailAuthOptions,
  type ResolvedAuthOptions,
} from './rail-auth.options.js';
import { SessionService } from './sessions/session.service.js';
import { LoginThrottle } from './throttle/login-throttle.service.js';
import { JwtKeyring } from './tokens/jwt-keyring.js';
import { TokenService } from './tokens/token.service.js';

/**
 * `forRootAsync`'s argument; a `useClass` / `useExisting` class implements
 * `createAuthOptions()`. `userEntity` goes next to `useFactory`: its
 * repository is registered when the module is defined.
 */
export type RailAuthAsyncOptions = RailLibraryAsyncOptions<
  RailAuthOptions,
  'createAuthOptions',
  'userEntity'
>;

/**
 * Authentication for a Rail app: JWT access tokens, rotating refresh tokens,
 * lockout, TOTP MFA with recovery codes, and a global guard that makes every
 * operation require a signed-in user unless it is `@Public()`.
 *
 * @example
 * RailAuthModule.forRoot({ userEntity: AppUser, jwt: { secret: process.env.JWT_SECRET }, mfa: { requiredForRoles: ['admin'] } })
 * RailAuthModule.forRootAsync({ userEntity: AppUser, inject: [ConfigService], useFactory: (config) => ({ jwt: { secret: config.get('JWT_SECRET') } }) })
 */
@Module({})
export class RailAuthModule extends railLibraryModule({
  name: 'RailAuthModule',
  schema: authOptionsSchema,
  optionsToken: RAIL_AUTH_OPTIONS,
  factoryMethodName: 'createAuthOptions',
  definitionKeys: ['userEntity'],
  resolve: (options) => checkAuthSecrets(options, process.env),
  module: ({ userEntity }) => ({
    imports: [
      PassportModule,
      // A missing or wrong user entity is reported by the options' validation, with the other options.
      TypeOrmModule.forFeature([...authEntities, ...(typeof userEntity === 'function' ? [userEntity] : [])]),
    ],
    providers: [
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
      UserAccounts,
    ],
    exports: [AuthService, SessionService, AuthEvents, PasswordHasher, UserAccounts],
  }),
}) {}
