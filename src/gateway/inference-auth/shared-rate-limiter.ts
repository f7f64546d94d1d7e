import type { Logger } from 'pino';
import { RATE_WINDOW_MS, type SharedCounters } from '../../storage/index.js';
import { RateLimiter } from './rate-limiter.js';

export type RateVerdict = { ok: true } | { ok: false; retryAfterSec: number };

interface Lease {
  remaining: number;
  windowEnd: number;
  full: boolean;
  pending: Promise<void> | null;
}

/** The verdict the lease gives without a round trip, or null when it is empty. */
function fromLease(l: Lease, now: number): RateVerdict | null {
  if (now >= l.windowEnd) {
    l.remaining = 0;
    l.full = false;
  }
  if (l.full) return { ok: false, retryAfterSec: Math.max(1, Math.ceil((l.windowEnd - now) / 1000)) };
  if (l.remaining > 0) {
    l.remaining -= 1;
    return { ok: true };
  }
  return null;
}

/** With the database unreachable, how long requests are judged locally before the next try. */
export const OFFLINE_RETRY_MS = 1_000;

/** Requests leased per round trip: a twentieth of the limit, so the hot path asks the database about once per 5 % of it. */
export function leaseSize(limit: number): number {
  return Math.max(1, Math.floor(limit / 20));
}

/**
 * Requests per minute per key across every instance of one database (issue
 * #18). Each instance leases a few requests at a time from the key's shared
 * 60 s window (one atomic statement, never granting past the limit) and
 * admits from its lease without a round trip; only the request that finds
 * the lease empty waits for the next one. So the fleet admits at most
 * `limit` per window; leased requests an instance does not use in its window
 * are lost (fewer admitted, never more). While the database cannot be
 * reached, each instance falls back to its own in-process limit: after a
 * failed lease it asks the database again only once per OFFLINE_RETRY_MS (one
 * request waits for that try, the others are judged locally at once), and it
 * logs when the fallback begins and when it ends, not per request.
 */
export class SharedRateLimiter {
  private readonly leases = new Map<string, Lease>();
  private readonly fallback = new RateLimiter();
  /** While the database is unreachable: until when requests are judged locally without asking it. */
  private offlineUntil = 0;

  constructor(
    private readonly counters: SharedCounters,
    private readonly logger: Pick<Logger, 'warn' | 'info'>,
  ) {}

  /** Whether the limit is enforced per instance right now, the database being unreachable. */
  get offline(): boolean {
    return this.offlineUntil > 0;
  }

  take(keyId: string, limit: number, now: number): RateVerdict | Promise<RateVerdict> {
    if (this.offlineUntil > now) return this.fallback.take(keyId, limit, now);
    if (this.offlineUntil > 0) this.offlineUntil = now + OFFLINE_RETRY_MS; // this request is the one that tries
    let l = this.leases.get(keyId);
    if (!l) {
      l = { remaining: 0, windowEnd: 0, full: false, pending: null };
      this.leases.set(keyId, l);
    }
    return fromLease(l, now) ?? this.refill(keyId, l, limit, now);
  }

  private async refill(keyId: string, l: Lease, limit: number, now: number): Promise<RateVerdict> {
    // Ends: every lease either grants a request (one waiter takes it) or marks the window full.
    for (;;) {
      l.pending ??= this.counters.leaseRequests(keyId, leaseSize(limit), limit, now).then(
        (lease) => {
          if (this.offlineUntil > 0) {
            this.offlineUntil = 0;
            this.logger.info('shared rate limit available again: the fleet shares the limit');
          }
          l.windowEnd = lease.windowStart + RATE_WINDOW_MS;
          l.remaining += lease.granted;
          l.full = lease.granted === 0;
        },
        (err: unknown) => {
          if (this.offlineUntil === 0) this.logger.warn({ err }, 'shared rate limit unavailable: this instance enforces the limit on its own');
          this.offlineUntil = Date.now() + OFFLINE_RETRY_MS;
          throw err;
        },
      ).finally(() => (l.pending = null));
      try {
        await l.pending;
      } catch {
        return this.fallback.take(keyId, limit, now);
      }
      const v = fromLease(l, Math.max(now, Date.now()));
      if (v) return v;
    }
  }
}
