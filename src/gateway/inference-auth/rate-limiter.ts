const WINDOW_MS = 60_000;

interface Window {
  /** Start times of the last `limit` admitted requests, oldest at `next`. */
  ring: Float64Array;
  next: number;
}

/**
 * Requests per minute per key, as a sliding window: a request is admitted when
 * fewer than `limit` were admitted in the last 60 s. O(1) per request.
 */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  /** Admits and counts the request, or returns the seconds to wait. */
  take(keyId: string, limit: number, now: number): { ok: true } | { ok: false; retryAfterSec: number } {
    let w = this.windows.get(keyId);
    if (!w || w.ring.length !== limit) {
      w = { ring: new Float64Array(limit).fill(-Infinity), next: 0 };
      this.windows.set(keyId, w);
    }
    const oldest = w.ring[w.next] as number;
    if (oldest > now - WINDOW_MS) return { ok: false, retryAfterSec: Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000)) };
    w.ring[w.next] = now;
    w.next = (w.next + 1) % limit;
    return { ok: true };
  }
}
