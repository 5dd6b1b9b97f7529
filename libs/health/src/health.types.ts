import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'One component the instance needs to serve traffic.' })
export class HealthComponent {
  @Field(() => String, { description: 'database, redis, or the name of a registered readiness check.' })
  name!: string;
  @Field(() => String, { description: 'up or down.' }) status!: string;
  @Field(() => Int, { description: 'How long the check took, in milliseconds.' }) latencyMs!: number;
  @Field(() => String, {
    nullable: true,
    description: 'When down: timeout or error (details are in the log).',
  })
  reason!: string | null;
}

@ObjectType({ description: 'Event-loop delay over the last minute (perf_hooks monitorEventLoopDelay).' })
export class EventLoopDelayHealth {
  @Field(() => Float) meanMs!: number;
  @Field(() => Float) p99Ms!: number;
  @Field(() => Float) maxMs!: number;
}

@ObjectType({ description: 'Memory, uptime and event-loop delay of the process that answered.' })
export class ProcessHealth {
  @Field(() => Float) uptimeSeconds!: number;
  @Field(() => Float, { description: 'Resident set size.' }) rssBytes!: number;
  @Field(() => Float) heapUsedBytes!: number;
  @Field(() => Float) heapTotalBytes!: number;
  @Field(() => EventLoopDelayHealth) eventLoopDelay!: EventLoopDelayHealth;
}

@ObjectType({
  description: 'The health of the instance that answered (GET /health/ready gives the same components).',
})
export class HealthReport {
  @Field(() => String, {
    description:
      'ok, degraded (only components the instance serves without are down), error (a component it needs is down), starting or shutting_down.',
  })
  status!: string;
  @Field(() => [HealthComponent]) components!: HealthComponent[];
  @Field(() => ProcessHealth) process!: ProcessHealth;
}
