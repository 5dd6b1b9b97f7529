import { Inject } from '@nestjs/common';
import { RailExtension, RailExtensionPoint, type ReadinessCheck } from '@rail/core';
import { TASK_BACKEND, type TaskBackend } from './backends/task-backend.js';

/**
 * `queue` in `/health/ready`: Redis answers (redis backend), and the instance
 * is not draining. Degraded, not unready, when it fails: every instance
 * shares the queue's Redis, and without it only enqueueing fails (with
 * SERVICE_UNAVAILABLE) while the rest of the API serves; a draining instance
 * is made unready by the health library's shutdown state anyway.
 */
@RailExtension(RailExtensionPoint.ReadinessCheck)
export class TaskQueueReadiness implements ReadinessCheck {
  readonly name = 'queue';
  readonly whenDown = 'degraded' as const;

  constructor(@Inject(TASK_BACKEND) private readonly backend: TaskBackend) {}

  check(): Promise<void> {
    return this.backend.assertReady();
  }
}
