import { Inject } from '@nestjs/common';
import { RailExtension, RailExtensionPoint, type ReadinessCheck } from '@rail/core';
import { TASK_BACKEND, type TaskBackend } from './backends/task-backend.js';

/** `queue` in `/health/ready`: Redis answers (Bull), and the instance is not draining. */
@RailExtension(RailExtensionPoint.ReadinessCheck)
export class TaskQueueReadiness implements ReadinessCheck {
  readonly name = 'queue';

  constructor(@Inject(TASK_BACKEND) private readonly backend: TaskBackend) {}

  check(): Promise<void> {
    return this.backend.assertReady();
  }
}
