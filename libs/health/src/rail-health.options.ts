import { parseOptions } from '@rail/core';
import { z } from 'zod';

export const healthOptionsSchema = z.strictObject({
  /** Redis to ping for readiness (`redis://` or `rediss://`); no Redis check when absent. */
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, { message: 'expected a redis:// or rediss:// URL' })
    .optional(),
  /** How long each readiness component may take before it counts as down. */
  timeoutMs: z.number().int().min(50).max(30_000).default(1000),
  /**
   * How long the app keeps serving after shutdown starts, with readiness
   * already failing, so that load balancers stop sending traffic first.
   */
  shutdownDelayMs: z.number().int().min(0).max(120_000).default(0),
});

export type RailHealthOptions = z.input<typeof healthOptionsSchema>;
export type ResolvedHealthOptions = z.output<typeof healthOptionsSchema>;

export const RAIL_HEALTH_OPTIONS = Symbol('RAIL_HEALTH_OPTIONS');

/** Validates the options and applies the defaults; a wrong key stops start-up with a message naming it. */
export function resolveHealthOptions(options: RailHealthOptions): ResolvedHealthOptions {
  return parseOptions(healthOptionsSchema, options, 'RailHealthModule options');
}
