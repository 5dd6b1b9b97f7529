import { Injectable } from '@nestjs/common';
import { RailExtensions, RequestContext } from '@rail/core';
import type { FieldChange } from './audit-diff.js';

/**
 * Shows each changed field of an entity event as the reader's field
 * policies allow, exactly as the model's own API would: in clear, masked,
 * or `{ redacted: true }` (hidden, or decided per row, which a diff cannot).
 */
@Injectable()
export class AuditChangesRedactor {
  constructor(
    private readonly extensions: RailExtensions,
    private readonly context: RequestContext,
  ) {}

  async forReader(
    model: string | null | undefined,
    changes: Readonly<Record<string, FieldChange>> | null | undefined,
  ): Promise<Record<string, FieldChange> | null> {
    if (!changes) return null;
    const fields = Object.keys(changes);
    // Events not about a model (sign-ins) carry no field values.
    if (!model) return { ...changes };
    const access = await this.extensions.fieldReadAccess({
      principal: this.context.principal,
      model,
      fields,
    });
    const shown: Record<string, FieldChange> = {};
    for (const field of fields) {
      const change = changes[field];
      const rule = access.get(field);
      if (change.redacted || !rule || rule.visibility === 'visible') {
        shown[field] = change;
      } else if (rule.visibility === 'masked') {
        const mask = (value: unknown) => (value === null || value === undefined ? value : rule.mask(value));
        shown[field] = {
          ...('before' in change ? { before: mask(change.before) } : {}),
          ...('after' in change ? { after: mask(change.after) } : {}),
        };
      } else {
        shown[field] = { redacted: true };
      }
    }
    return shown;
  }
}
