import type { InferenceKey } from '../../core/index.js';

interface Spend {
  dayStart: number;
  day: number;
  monthStart: number;
  month: number;
}

export function utcDayStart(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

export function utcMonthStart(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function nextUtcDay(now: number): number {
  return utcDayStart(now) + 86_400_000;
}

function nextUtcMonth(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

export type BudgetVerdict = { ok: true } | { ok: false; period: 'daily' | 'monthly'; limit: number; spent: number; retryAfterSec: number };

/**
 * Spend per key in USD for the current UTC day and month, kept in memory: read
 * from the usage table once when a budgeted key is first seen, then advanced
 * by every request this process records. Checked before a request, so the
 * request that crosses the budget completes and the next one is refused.
 */
export class BudgetTracker {
  private readonly spend = new Map<string, Spend>();

  has(keyId: string): boolean {
    return this.spend.has(keyId);
  }

  /** Starts tracking a key from what the usage table says it spent. */
  seed(keyId: string, day: number, month: number, now: number): void {
    this.spend.set(keyId, { dayStart: utcDayStart(now), day, monthStart: utcMonthStart(now), month });
  }

  private current(keyId: string, now: number): Spend | undefined {
    const s = this.spend.get(keyId);
    if (!s) return undefined;
    if (now >= s.dayStart + 86_400_000) {
      s.dayStart = utcDayStart(now);
      s.day = 0;
    }
    if (utcMonthStart(now) !== s.monthStart) {
      s.monthStart = utcMonthStart(now);
      s.month = 0;
    }
    return s;
  }

  add(keyId: string, costUsd: number, now: number): void {
    if (costUsd <= 0) return;
    const s = this.current(keyId, now);
    if (!s) return;
    s.day += costUsd;
    s.month += costUsd;
  }

  /** The fleet's totals (shared counters): never lowers what this process already counted. */
  raise(keyId: string, day: number, month: number, now: number): void {
    const s = this.current(keyId, now);
    if (!s) return;
    s.day = Math.max(s.day, day);
    s.month = Math.max(s.month, month);
  }

  check(key: InferenceKey, now: number): BudgetVerdict {
    if (key.dailyBudgetUsd === null && key.monthlyBudgetUsd === null) return { ok: true };
    const s = this.current(key.id, now);
    if (!s) return { ok: true };
    if (key.dailyBudgetUsd !== null && s.day >= key.dailyBudgetUsd) {
      return { ok: false, period: 'daily', limit: key.dailyBudgetUsd, spent: s.day, retryAfterSec: Math.ceil((nextUtcDay(now) - now) / 1000) };
    }
    if (key.monthlyBudgetUsd !== null && s.month >= key.monthlyBudgetUsd) {
      return { ok: false, period: 'monthly', limit: key.monthlyBudgetUsd, spent: s.month, retryAfterSec: Math.ceil((nextUtcMonth(now) - now) / 1000) };
    }
    return { ok: true };
  }
}
