import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import { SwitchyardError, toSwitchyardError, type ErrorCode } from '../core/index.js';

/** Statuses Hono itself may raise (body limit, malformed requests) mapped to our stable codes. */
function fromHttpException(err: HTTPException): SwitchyardError {
  const codes: Record<number, ErrorCode> = { 400: 'BAD_REQUEST', 401: 'AUTH_REQUIRED', 404: 'NOT_FOUND', 413: 'BODY_TOO_LARGE' };
  const code = codes[err.status] ?? (err.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
  return new SwitchyardError(code, err.message || 'Request refused', { status: err.status });
}

/**
 * The one error renderer of the management plane: every failure leaves as
 * `{"error":{"code","message"}}` with its status; internals are logged, not shown.
 */
export function renderError(err: unknown, c: Context, logger: Logger, onRefused?: (code: string) => void): Response {
  const e = err instanceof HTTPException ? fromHttpException(err) : toSwitchyardError(err);
  // Refusals a handler decides (wrong password, lockout, a security setting needing admin) count like the guard's.
  if (e.status === 401 || e.status === 403 || e.status === 429) onRefused?.(e.code);
  if (e.status >= 500) logger.error({ err, path: c.req.path }, 'management request failed');
  if (e.retryAfterSec !== undefined) c.header('Retry-After', String(e.retryAfterSec));
  const body: { error: { code: string; message: string } & Record<string, unknown> } = {
    error: { code: e.code, message: e.publicMessage },
  };
  if (e.expose && e.details) Object.assign(body.error, e.details);
  return c.json(body, e.status as 400);
}

export function renderNotFound(c: Context): Response {
  return c.json({ error: { code: 'NOT_FOUND', message: `no route ${c.req.method} ${c.req.path}` } }, 404);
}
