import { hash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import { looksLikeInferenceKey, SwitchyardError, type InferenceKey } from '../../core/index.js';
import type { ChangeBus, Repos, SharedCounters } from '../../storage/index.js';
import { createKeyCache } from './key-cache.js';
import { RateLimiter } from './rate-limiter.js';
import { SharedRateLimiter, type RateVerdict } from './shared-rate-limiter.js';
import { createSharedSpend } from './shared-spend.js';

export interface InferenceAuth {
  /** Who is calling: a valid, unexpired, unrevoked `sk-sy-` key (headers only, before the body is read). */
  authenticate(headers: IncomingHttpHeaders, now: number): InferenceKey | Promise<InferenceKey>;
  /**
   * May this key use this model now? Allow-list (403), rate limit and budgets (429 + Retry-After).
   * Synchronous but when a shared rate-limit lease must be renewed (one round trip).
   */
  authorize(key: InferenceKey, model: string, now: number): void | Promise<void>;
  /** Whether the allow-list admits a model (used to filter GET /v1/models). */
  allows(key: InferenceKey, model: string): boolean;
  /** A finished request's cost, for the budgets. */
  spent(keyId: string, costUsd: number, now: number): void;
  /** Writes last-used times collected since the previous call. */
  flushLastUsed(): Promise<void>;
  /** Sends spend not yet shared (at shutdown) and stops the timers. */
  close(): Promise<void>;
}

const MISSING = "missing API key: send 'Authorization: Bearer sk-sy-…' or an 'x-api-key' header";

function presentedKey(h: IncomingHttpHeaders): string | undefined {
  const auth = h.authorization;
  if (auth && auth.length > 7 && auth.slice(0, 7).toLowerCase() === 'bearer ') return auth.slice(7).trim();
  const x = h['x-api-key'];
  return typeof x === 'string' && x.length > 0 ? x.trim() : undefined;
}

function allowedBy(list: string[], model: string): boolean {
  for (const entry of list) {
    if (entry === model) return true;
    // `provider/*` admits every model of that provider.
    if (entry.endsWith('/*') && model.startsWith(entry.slice(0, -1))) return true;
  }
  return false;
}

/**
 * Inference keys for /v1 (never /api). Keys are looked up by SHA-256 hash in
 * memory; limits are per process, or shared through `counters` (docs/decisions.md).
 */
export function createInferenceAuth(deps: {
  repos: Repos;
  events: ChangeBus;
  logger: Logger;
  refreshMs?: number;
  shared?: boolean;
  /** Shared counters (PostgreSQL): rate limits and budgets hold across the fleet. */
  counters?: SharedCounters;
}): InferenceAuth {
  const cache = createKeyCache(deps);
  const limiter = deps.counters ? new SharedRateLimiter(deps.counters, deps.logger) : new RateLimiter();
  const spend = deps.counters ? createSharedSpend({ counters: deps.counters, budgets: cache.budgets, logger: deps.logger }) : null;
  const rateVerdict = (key: InferenceKey, r: RateVerdict): void => {
    if (!r.ok) {
      throw new SwitchyardError('RATE_LIMITED', `rate limit of ${key.rpmLimit} requests per minute reached for this API key; retry in ${r.retryAfterSec} s`, {
        retryAfterSec: r.retryAfterSec,
      });
    }
  };
  let lastUsed = new Map<string, number>();

  function check(key: InferenceKey | undefined, now: number): InferenceKey {
    if (!key) throw new SwitchyardError('INVALID_API_KEY', 'invalid API key');
    if (key.revokedAt !== null) throw new SwitchyardError('INVALID_API_KEY', 'this API key has been revoked');
    if (key.expiresAt !== null && key.expiresAt <= now) {
      throw new SwitchyardError('INVALID_API_KEY', `this API key expired at ${new Date(key.expiresAt).toISOString()}`);
    }
    lastUsed.set(key.id, now);
    return key;
  }

  return {
    authenticate(headers, now) {
      const presented = presentedKey(headers);
      if (!presented) throw new SwitchyardError('AUTH_REQUIRED', MISSING);
      if (!looksLikeInferenceKey(presented)) throw new SwitchyardError('INVALID_API_KEY', 'invalid API key');
      // One-shot crypto.hash: the same SHA-256 hex as core's hashInferenceKey, without a Hash stream object.
      const keyHash = hash('sha256', presented, 'hex');
      // Synchronous when the keys are in memory (always, but for the first request after a change).
      const map = cache.peek();
      const key = map?.get(keyHash);
      if (key || (map && !deps.shared)) return check(key, now);
      // Shared database: a key minted on another instance a moment ago may not have reached this copy yet.
      return (map ? cache.confirmMiss(keyHash) : cache.byHash()).then((m) => check(m.get(keyHash), now));
    },

    authorize(key, model, now) {
      if (key.allowedModels && !allowedBy(key.allowedModels, model)) {
        throw new SwitchyardError('MODEL_NOT_ALLOWED', `this API key may not use model '${model}' (allowed: ${key.allowedModels.join(', ')})`);
      }
      if (spend && (key.dailyBudgetUsd !== null || key.monthlyBudgetUsd !== null)) spend.seen(key.id, now);
      const budget = cache.budgets.check(key, now);
      if (!budget.ok) {
        throw new SwitchyardError(
          'BUDGET_EXCEEDED',
          `this API key reached its ${budget.period} budget of $${budget.limit} (spent $${budget.spent.toFixed(4)}); it resets in ${budget.retryAfterSec} s`,
          { retryAfterSec: budget.retryAfterSec },
        );
      }
      if (key.rpmLimit !== null) {
        const r = limiter.take(key.id, key.rpmLimit, now);
        if (r instanceof Promise) return r.then((v) => rateVerdict(key, v));
        rateVerdict(key, r);
      }
    },

    allows: (key, model) => !key.allowedModels || allowedBy(key.allowedModels, model),

    spent(keyId, costUsd, now) {
      cache.budgets.add(keyId, costUsd, now);
      spend?.added(keyId, costUsd, now);
    },

    async close() {
      spend?.close();
      await spend?.sync();
    },

    async flushLastUsed() {
      if (lastUsed.size === 0) return;
      const batch = lastUsed;
      lastUsed = new Map();
      try {
        await deps.repos.keys.touch(batch);
      } catch (err) {
        // The database is away: keep the times (a newer one seen meanwhile wins) for the next flush.
        for (const [id, t] of batch) if (!lastUsed.has(id)) lastUsed.set(id, t);
        throw err;
      }
    },
  };
}
