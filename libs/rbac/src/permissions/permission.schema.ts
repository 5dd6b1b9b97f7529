import { z } from 'zod';
import { permissionProblem } from './permission.js';

/** A permission or permission pattern, with the syntax problem as the message. */
export const permissionSchema = z.string().superRefine((text, context) => {
  const problem = permissionProblem(text);
  if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
});
