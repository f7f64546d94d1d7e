import type { z } from 'zod';
import { SwitchyardError } from '../../core/index.js';

/**
 * Parses a request body with a zod schema; the first issue becomes a 400 whose
 * message names the field, so a client sees what to fix.
 */
export function validateBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SwitchyardError('VALIDATION_FAILED', 'request body must be a JSON object');
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
  throw new SwitchyardError('VALIDATION_FAILED', `invalid request: ${where}: ${issue?.message ?? 'invalid'}`);
}
