import type { Dispatcher } from 'undici';
import { stacklessError, SwitchyardError } from '../../core/index.js';
import { parseOpenAiError } from '../../providers/openai-compatible/index.js';
import { isAbort, transportError } from '../upstream/index.js';
import type { RequestContext } from '../request-context.js';
import type { Target } from '../routing/index.js';
import { parseRetryAfter } from '../routing/index.js';
import type { AttemptResult } from './types.js';

const MAX_ERROR_BODY = 64 * 1024;

async function readCapped(body: Dispatcher.ResponseData['body']): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_ERROR_BODY) break;
      parts.push(chunk);
    }
  } catch {}
  body.destroy();
  return Buffer.concat(parts).toString('utf8');
}

/** A non-2xx answer from a provider, read and described (its status decides fallback). */
export async function upstreamFailure(resp: Dispatcher.ResponseData, target: Target): Promise<AttemptResult> {
  const status = resp.statusCode;
  const text = await readCapped(resp.body);
  const info = (target.provider.adapter?.parseError ?? parseOpenAiError)(status, text);
  const error = stacklessError('UPSTREAM_ERROR', info.message, {
    status,
    expose: true,
    details: { upstreamType: info.type, upstreamCode: info.code, provider: target.provider.name },
  });
  return { kind: 'failed', error, upstreamStatus: status, retryAfterMs: parseRetryAfter(resp.headers['retry-after']) };
}

/** A thrown transport error before anything reached the client. */
export function transportFailure(ctx: RequestContext, err: unknown, target: Target): AttemptResult {
  if (ctx.abort.aborted || isAbort(err)) return clientGone(ctx);
  // Our own verdict on the answer (too large): already the caller's 502.
  if (err instanceof SwitchyardError) return { kind: 'failed', error: err, upstreamStatus: err.status, retryAfterMs: undefined };
  return { kind: 'failed', error: transportError(err, target.provider.name), upstreamStatus: null, retryAfterMs: undefined };
}

/** The reason a request's AbortController is aborted with when shutdown stops waiting for it. */
export const SHUTDOWN = 'shutdown';

/**
 * The request was aborted: the client left (nothing more to send), or the
 * server's grace period ended (the client gets an error frame if a stream began).
 */
export function clientGone(ctx?: RequestContext, errorFrame?: (err: SwitchyardError) => string): AttemptResult {
  if (ctx && ctx.abort.why === SHUTDOWN) {
    const err = new SwitchyardError('SHUTTING_DOWN', 'the server is shutting down', { expose: true, retryAfterSec: 1 });
    if (ctx.res.headersSent && !ctx.res.writableEnded) ctx.res.end(errorFrame ? errorFrame(err) : undefined);
    return { kind: 'done', outcome: { status: 503, usage: null, errorCode: err.code } };
  }
  return { kind: 'done', outcome: { status: 499, usage: null, errorCode: 'CLIENT_CLOSED' } };
}
