import type { RedisTaskBackend } from './redis-task.backend.js';

/** The optional peer the `redis` backend runs on; apps on the `inline` backend do not install it. */
const BULLMQ = 'bullmq';

/**
 * Loads the `redis` backend only when an app chooses it: its module imports
 * bullmq, an optional peer of @rail/tasks, so a static import would make the
 * whole library fail to load for every app on the `inline` backend. A missing
 * bullmq stops start-up with the command that fixes it.
 */
export async function loadRedisTaskBackend(
  load: () => Promise<{ RedisTaskBackend: typeof RedisTaskBackend }> = () =>
    import('./redis-task.backend.js'),
): Promise<typeof RedisTaskBackend> {
  try {
    return (await load()).RedisTaskBackend;
  } catch (error) {
    throw isMissingPackage(error, BULLMQ)
      ? new Error(`@rail/tasks: the redis backend needs the package ${BULLMQ}; npm install ${BULLMQ}`, {
          cause: error,
        })
      : error;
  }
}

/** Node's answer to an import of a package that is not installed, for this package. */
export function isMissingPackage(error: unknown, name: string): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    error.code === 'ERR_MODULE_NOT_FOUND' &&
    error.message.includes(`'${name}'`)
  );
}
