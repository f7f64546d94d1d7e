import { sql } from 'kysely';
import type { Db } from './db.js';

/** A lease of requests from a key's shared 60 s window. */
export interface RequestLease {
  /** How many requests this caller may admit (0: the window is full). */
  granted: number;
  /** When the window began (epoch ms); it ends 60 s later. */
  windowStart: number;
}

export interface SpendTotals {
  day: number;
  month: number;
}

export interface SpendDelta {
  keyId: string;
  dayStart: number;
  monthStart: number;
  usd: number;
}

/**
 * Counters every instance of one database shares (issue #18): request
 * windows for rate limits and spend for budgets. Each call is one atomic
 * statement, so instances never lose each other's updates.
 */
export interface SharedCounters {
  leaseRequests(keyId: string, want: number, limit: number, now: number): Promise<RequestLease>;
  /** Adds spend (0 just reads) and returns the totals of the day and month each delta names. */
  addSpend(deltas: readonly SpendDelta[]): Promise<Map<string, SpendTotals>>;
}

export const RATE_WINDOW_MS = 60_000;

export function createSharedCounters(db: Db): SharedCounters {
  const k = db.kysely;

  async function addOne(trx: typeof k, keyId: string, period: 'd' | 'm', start: number, usd: number): Promise<number> {
    const { rows } = await sql<{ spent_usd: number }>`
      insert into spend_counters (key_id, period, period_start, spent_usd) values (${keyId}, ${period}, ${start}, ${usd})
      on conflict (key_id, period, period_start) do update set spent_usd = spend_counters.spent_usd + excluded.spent_usd
      returning spent_usd`.execute(trx);
    return Number(rows[0]?.spent_usd ?? 0);
  }

  return {
    async leaseRequests(keyId, want, limit, now) {
      const cut = now - RATE_WINDOW_MS;
      const first = Math.min(want, limit);
      // Every right-hand side reads the row as it was, so `granted` is what this statement added.
      const { rows } = await sql<{ window_start: number; granted: number }>`
        insert into rate_windows (key_id, window_start, used, granted) values (${keyId}, ${now}, ${first}, ${first})
        on conflict (key_id) do update set
          window_start = case when rate_windows.window_start <= ${cut} then ${now} else rate_windows.window_start end,
          used = case
            when rate_windows.window_start <= ${cut} then ${first}
            when rate_windows.used >= ${limit} then rate_windows.used
            when rate_windows.used + ${want} > ${limit} then ${limit}
            else rate_windows.used + ${want} end,
          granted = case
            when rate_windows.window_start <= ${cut} then ${first}
            when rate_windows.used >= ${limit} then 0
            when rate_windows.used + ${want} > ${limit} then ${limit} - rate_windows.used
            else ${want} end
        returning window_start, granted`.execute(k);
      const row = rows[0];
      return { granted: Number(row?.granted ?? 0), windowStart: Number(row?.window_start ?? now) };
    },

    async addSpend(deltas) {
      // One transaction: a caller that retries after a failure (the database went away) must not add twice.
      return k.transaction().execute(async (trx) => {
        const out = new Map<string, SpendTotals>();
        for (const d of deltas) {
          const day = await addOne(trx, d.keyId, 'd', d.dayStart, d.usd);
          const month = await addOne(trx, d.keyId, 'm', d.monthStart, d.usd);
          out.set(d.keyId, { day, month });
        }
        return out;
      });
    },
  };
}
