/** What a failed attempt means for the request (SPEC §1, fallback). */
export type FailureAction = 'fallback' | 'return' | 'unhealthy';

/**
 * 401/403 (and 402, out of credit): the connection itself is broken → mark it
 * unhealthy and try the next target. 408/409/429/5xx: transient → next target.
 * Other 4xx (400, 404, 422, 413…): the request is wrong and would fail anywhere
 * → returned to the caller as it is.
 */
export function classifyStatus(status: number): FailureAction {
  if (status === 401 || status === 402 || status === 403) return 'unhealthy';
  if (status === 408 || status === 409 || status === 429 || status >= 500) return 'fallback';
  return 'return';
}

/** `Retry-After` as seconds or an HTTP date → milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  const secs = Number(v);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
