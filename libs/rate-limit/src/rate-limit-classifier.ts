import { type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { Request } from 'express';
import { type GraphQLResolveInfo, OperationTypeNode } from 'graphql';
import { RAIL_RATE_LIMIT_OPTIONS, type ResolvedRateLimitOptions } from './rail-rate-limit.options.js';
import { RATE_LIMIT_BUCKET, type RateLimitBucketName } from './rate-limit-bucket.decorator.js';

// Reading methods count as queries, the rest as mutations, like GraphQL over GET and POST.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Decides which bucket a guard invocation counts in, or that it is not limited at all. */
@Injectable()
export class RateLimitClassifier {
  private readonly authFields: ReadonlySet<string>;

  constructor(
    private readonly reflector: Reflector,
    @Inject(RAIL_RATE_LIMIT_OPTIONS) private readonly options: ResolvedRateLimitOptions,
  ) {
    this.authFields = new Set(options.authFields);
  }

  bucketOf(context: ExecutionContext): RateLimitBucketName | undefined {
    const type = context.getType<GqlContextType>();
    if (type === 'graphql') return this.graphqlBucket(context);
    if (type === 'http') return this.httpBucket(context);
    // Microservice and websocket handlers have no client address or response headers to speak of.
    return undefined;
  }

  private explicitBucket(context: ExecutionContext): RateLimitBucketName | undefined {
    return this.reflector.getAllAndOverride<RateLimitBucketName | undefined>(RATE_LIMIT_BUCKET, [
      context.getHandler(),
      context.getClass(),
    ]);
  }

  private graphqlBucket(context: ExecutionContext): RateLimitBucketName | undefined {
    const info = GqlExecutionContext.create(context).getInfo<GraphQLResolveInfo>();
    // Root fields only: when an app runs guards on field resolvers too, nested
    // fields would otherwise count once per row of the answer.
    if (info.path.prev !== undefined) return undefined;
    const explicit = this.explicitBucket(context);
    if (explicit) return explicit;
    if (this.authFields.has(info.fieldName)) return 'auth';
    return info.operation.operation === OperationTypeNode.MUTATION ? 'mutation' : 'query';
  }

  private httpBucket(context: ExecutionContext): RateLimitBucketName | undefined {
    const request = context.switchToHttp().getRequest<Request>();
    const path = request.path;
    if (this.options.skipPaths.some((skip) => path === skip || path.startsWith(`${skip}/`))) return undefined;
    return this.explicitBucket(context) ?? (SAFE_METHODS.has(request.method) ? 'query' : 'mutation');
  }
}
