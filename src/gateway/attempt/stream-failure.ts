import { SwitchyardError, type TokenUsage } from '../../core/index.js';
import type { RequestContext } from '../request-context.js';
import type { PumpEnd } from './pump.js';
import type { AttemptResult } from './types.js';
import { isAbort, transportError } from '../upstream/index.js';

/**
 * The upstream failed mid-stream. Before the first byte reached the client it
 * is an ordinary failed attempt (fallback allowed); after, the client gets an
 * error frame in its own format and the stream ends — never a hang.
 */
export function streamFailure(
  ctx: RequestContext,
  end: Extract<PumpEnd, { ok: false }>,
  usage: TokenUsage | null,
  errorFrame: (err: SwitchyardError) => string,
): AttemptResult {
  const provider = ctx.provider;
  const err =
    end.error instanceof SwitchyardError
      ? end.error
      : isAbort(end.error)
        ? new SwitchyardError('UPSTREAM_ERROR', `provider '${provider}' stream was aborted`, { expose: true })
        : transportError(end.error, provider);
  if (!end.committed) return { kind: 'failed', error: err, upstreamStatus: null, retryAfterMs: undefined };
  const failure = new SwitchyardError(err.code, `the provider's stream failed after it began: ${err.message}`, { status: 502, expose: true });
  if (!ctx.res.destroyed) ctx.res.end(errorFrame(failure));
  return { kind: 'done', outcome: { status: 502, usage, errorCode: err.code } };
}
