import type { Logger } from 'pino';
import type { SharedCounters, SpendDelta } from '../../storage/index.js';
import { utcDayStart, utcMonthStart, type BudgetTracker } from './budget.js';

/** How often spend is exchanged with the other instances. */
export const SPEND_SYNC_MS = 100;
/** A budgeted key not used here for this long is no longer synced. */
const ACTIVE_MS = 10 * 60_000;

/**
 * Budgets across every instance of one database (issue #18): each instance
 * sends the spend it records to shared per-day and per-month counters as soon
 * as it is recorded, and takes back the fleet's totals every 100 ms. A key's spend can therefore pass
 * its budget by what is in flight when it crosses (as on one instance) plus
 * what the other instances recorded in the last sync interval.
 */
export function createSharedSpend(deps: { counters: SharedCounters; budgets: BudgetTracker; logger: Pick<Logger, 'warn' | 'info'> }) {
  const pending = new Map<string, number>();
  const active = new Map<string, number>();
  let syncing = false;
  /** The last sync failed: logged once when that begins and once when it ends, not every 100 ms. */
  let failing = false;
  let soon = false;

  async function sync(): Promise<void> {
    if (syncing || active.size === 0) return;
    syncing = true;
    const now = Date.now();
    const deltas: SpendDelta[] = [];
    for (const [keyId, seen] of active) {
      if (seen < now - ACTIVE_MS && !pending.has(keyId)) {
        active.delete(keyId);
        continue;
      }
      deltas.push({ keyId, dayStart: utcDayStart(now), monthStart: utcMonthStart(now), usd: pending.get(keyId) ?? 0 });
    }
    pending.clear();
    try {
      const totals = await deps.counters.addSpend(deltas);
      for (const [keyId, t] of totals) deps.budgets.raise(keyId, t.day, t.month, now);
      if (failing) deps.logger.info('shared budgets available again: spend kept meanwhile was sent');
      failing = false;
    } catch (err) {
      for (const d of deltas) if (d.usd > 0) pending.set(d.keyId, (pending.get(d.keyId) ?? 0) + d.usd);
      if (!failing) deps.logger.warn({ err }, 'shared budgets unavailable: spend is kept here and sent when the database answers');
      failing = true;
    } finally {
      syncing = false;
    }
  }
  const timer = setInterval(() => void sync(), SPEND_SYNC_MS);
  timer.unref();

  return {
    /** A budgeted key was used here: keep its totals fresh. */
    seen(keyId: string, now: number): void {
      active.set(keyId, now);
    },
    added(keyId: string, usd: number, now: number): void {
      if (usd <= 0) return;
      active.set(keyId, now);
      pending.set(keyId, (pending.get(keyId) ?? 0) + usd);
      if (!soon) {
        soon = true;
        setImmediate(() => {
          soon = false;
          void sync();
        });
      }
    },
    sync,
    close: () => clearInterval(timer),
  };
}
