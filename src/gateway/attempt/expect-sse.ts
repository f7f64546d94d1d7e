import type { Dispatcher } from 'undici';
import { SwitchyardError } from '../../core/index.js';
import type { Target } from '../routing/index.js';
import type { AttemptResult } from './types.js';

/**
 * A streamed request answered 200 with something that is not an event stream
 * (an HTML error page from a proxy, a JSON body) is a failed attempt: 502,
 * fallback allowed, nothing relayed (#20 item 1). A missing content type is
 * let through: a few servers omit it, and the SSE framing then speaks for itself.
 */
export function notEventStream(resp: Dispatcher.ResponseData, target: Target): AttemptResult | null {
  const raw = resp.headers['content-type'];
  const type = (Array.isArray(raw) ? raw[0] : raw)?.toLowerCase();
  if (type === undefined || type.includes('text/event-stream')) return null;
  resp.body.on('error', () => {}); // destroying an undici body emits an abort error
  resp.body.destroy();
  const shown = type.split(';')[0]?.trim().slice(0, 64) ?? '';
  const error = new SwitchyardError('UPSTREAM_ERROR', `provider '${target.provider.name}' answered a streamed request with ${shown} instead of an event stream`, {
    status: 502,
    expose: true,
  });
  return { kind: 'failed', error, upstreamStatus: 502, retryAfterMs: undefined };
}
