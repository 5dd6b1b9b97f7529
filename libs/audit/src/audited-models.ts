import { ModelReader } from '@rail/core';
import { Injectable } from '@nestjs/common';
import { auditedOptionsOf, type AuditedOptions } from './audited.decorator.js';

/** Which generated models are audited, by model name, read from their `@Audited()` decorators once. */
@Injectable()
export class AuditedModels {
  private cache?: ReadonlyMap<string, AuditedOptions>;

  constructor(private readonly reader: ModelReader) {}

  options(model: string): AuditedOptions | undefined {
    this.cache ??= new Map(
      this.reader.registry.models.flatMap((definition) => {
        const options = auditedOptionsOf(definition.entity);
        return options ? [[definition.name, options] as const] : [];
      }),
    );
    return this.cache.get(model);
  }
}
