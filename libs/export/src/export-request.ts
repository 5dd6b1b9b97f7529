import { findUnsafeInput, RailError, RailErrorCode } from '@rail/core';
import { z } from 'zod';

const column = z.union([
  z.string().min(1).max(200),
  z.strictObject({ field: z.string().min(1).max(200), title: z.string().min(1).max(200) }),
]);

export const exportRequestSchema = z.strictObject({
  model: z.string().min(1).max(64),
  format: z.enum(['csv', 'xlsx']),
  fields: z.array(column).min(1).max(200),
  where: z.record(z.string(), z.unknown()).nullish(),
  orderBy: z.array(z.record(z.string(), z.unknown())).max(10).nullish(),
  maxRows: z.number().int().positive().optional(),
  filename: z.string().min(1).max(200).optional(),
});

export type ExportRequest = z.output<typeof exportRequestSchema>;

/** The body of `POST /api/v1/export` (or the mutation's arguments), checked: the first problem is named. */
export function parseExportRequest(body: unknown): ExportRequest {
  // The REST body never passes GraphQL's text check (core's textInputPlugin): the same rule, here.
  const unsafe = findUnsafeInput(body, '');
  if (unsafe) {
    const path = unsafe.path || 'body';
    throw new RailError(RailErrorCode.BAD_USER_INPUT, `${path}: ${unsafe.reason}`, { field: path });
  }
  const parsed = exportRequestSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.path.join('.') || 'body';
  throw new RailError(RailErrorCode.BAD_USER_INPUT, `${path}: ${issue.message}`, { field: path });
}

/** A file name a browser can save: letters, digits, `.`, `-`, `_`, with the format's extension. */
export function downloadName(request: ExportRequest): string {
  const base = (request.filename ?? `${request.model.toLowerCase()}-export`)
    .replace(/\.(csv|xlsx)$/i, '')
    .replace(/[^\w.-]+/g, '_')
    .slice(0, 100);
  return `${base || 'export'}.${request.format}`;
}
