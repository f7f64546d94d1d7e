import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import { SwitchyardError, toSwitchyardError, type ErrorCode } from '../core/index.js';
import { databaseUnavailable, isDatabaseUnavailable } from '../storage/index.js';

/** Statuses Hono itself may raise (body limit, malformed requests) mapped to our stable codes. */
function fromHttpException(err: HTTPException): SwitchyardError {
  const codes: Record<number, ErrorCode> = { 400: 'BAD_REQUEST', 401: 'AUTH_REQUIRED', 404: 'NOT_FOUND', 413: 'BODY_TOO_LARGE' };
  const code = codes[err.status] ?? (err.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
  return new SwitchyardError(code, err.message || 'Request refused', { status: err.status });
}

/**
 * The client closed the connection before its body was read (node's "aborted",
 * a stream closed early): expected on any network, not a fault of ours (#20 item 9).
 */
export function isClientAbort(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if ((code === 'ECONNRESET' && e.message === 'aborted') || code === 'ERR_STREAM_PREMATURE_CLOSE') return true;
  }
  return false;
}

/**
 * The one error renderer of the management plane: every failure leaves as
 * `{"error":{"code","message"}}` with its status; internals are logged, not shown.
 */
export function renderError(err: unknown, c: Context, logger: Logger, onRefused?: (code: string) => void): Response {
  if (isClientAbort(err)) {
    logger.info({ path: c.req.path, code: 'client_aborted' }, 'the client went away before its request was read');
    // Nobody reads this answer; it only ends the exchange without a 500.
    return c.json({ error: { code: 'BAD_REQUEST', message: 'the client aborted the request' } }, 400);
  }
  // The database went away under a request (issue #18 item 4): 503 with what to do, not a 500.
  const e = err instanceof HTTPException ? fromHttpException(err) : isDatabaseUnavailable(err) ? databaseUnavailable(err) : toSwitchyardError(err);
  // Refusals a handler decides (wrong password, lockout, a security setting needing admin) count like the guard's.
  if (e.status === 401 || e.status === 403 || e.status === 429) onRefused?.(e.code);
  if (e.code === 'DATABASE_UNAVAILABLE') logger.warn({ err, path: c.req.path }, 'management request refused: the database cannot be reached');
  else if (e.status >= 500) logger.error({ err, path: c.req.path }, 'management request failed');
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
