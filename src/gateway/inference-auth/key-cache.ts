import type { Logger } from 'pino';
import { SwitchyardError, type InferenceKey } from '../../core/index.js';
import type { ChangeBus, Repos } from '../../storage/index.js';
import { createLastGood } from '../last-good.js';
import { BudgetTracker, utcDayStart, utcMonthStart } from './budget.js';

export interface KeyCache {
  /** Every key by SHA-256 hash; loaded once, dropped on a 'keys' change. */
  byHash(): Promise<Map<string, InferenceKey>>;
  /** The loaded map, or null while (re)loading: lets the hot path skip an await. */
  peek(): Map<string, InferenceKey> | null;
  /** Whether the map served is the last good one because the database did not answer. */
  stale(): boolean;
  readonly budgets: BudgetTracker;
  invalidate(): void;
  /**
   * A hash missing from the loaded map: asks the database once, and reloads
   * when it knows the key (another instance made it). Misses for the same
   * hash share one query.
   */
  confirmMiss(keyHash: string): Promise<Map<string, InferenceKey>>;
}

const storeUnavailable = () =>
  new SwitchyardError('CREDENTIAL_STORE_UNAVAILABLE', 'the key store cannot be read right now', { expose: true, retryAfterSec: 1 });

/**
 * All inference keys in memory (10,000 keys are a few MB), so a lookup is one
 * Map.get whatever the key count, and a wrong key never reaches the database.
 * While the database is down the last map loaded keeps serving (last-good.ts).
 */
export function createKeyCache(deps: { repos: Repos; events: ChangeBus; logger: Logger; refreshMs?: number }): KeyCache {
  const budgets = new BudgetTracker();

  async function load(): Promise<Map<string, InferenceKey>> {
    const keys = await deps.repos.keys.list();
    const now = Date.now();
    const map = new Map<string, InferenceKey>();
    for (const k of keys) map.set(k.keyHash, k);
    const toSeed = keys.filter((k) => (k.dailyBudgetUsd !== null || k.monthlyBudgetUsd !== null) && !budgets.has(k.id));
    await Promise.all(
      toSeed.map(async (k) => {
        const [day, month] = await Promise.all([
          deps.repos.usage.spendSince(k.id, utcDayStart(now)),
          deps.repos.usage.spendSince(k.id, utcMonthStart(now)),
        ]);
        budgets.seed(k.id, day, month, now);
      }),
    );
    return map;
  }

  const pendingMisses = new Map<string, Promise<Map<string, InferenceKey>>>();

  const copy = createLastGood(load, { what: 'inference keys', logger: deps.logger, unavailable: storeUnavailable });

  const cache: KeyCache = {
    byHash: copy.get,
    peek: copy.peek,
    stale: copy.stale,
    confirmMiss(keyHash) {
      const pending = pendingMisses.get(keyHash);
      if (pending) return pending;
      const p = deps.repos.keys
        .findByHash(keyHash)
        .then((found) => {
          const map = copy.peek();
          if (!found || (map && map.has(keyHash))) return map ?? cache.byHash();
          cache.invalidate();
          return cache.byHash();
        }, (err: unknown) => {
          deps.logger.error({ err }, 'looking up an inference key failed');
          throw storeUnavailable();
        })
        .finally(() => pendingMisses.delete(keyHash));
      pendingMisses.set(keyHash, p);
      return p;
    },
    budgets,
    invalidate: copy.invalidate,
  };
  deps.events.on('keys', cache.invalidate);
  // The backstop re-read keeps the current map serving meanwhile: a database that is down must not empty it.
  if (deps.refreshMs) setInterval(copy.refresh, deps.refreshMs).unref();
  return cache;
}
