import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { UsageRecord } from '../../core/index.js';
import type { UsageGroup, UsageQuery } from '../ports.js';
import type { Database, UsageHourlyTable } from '../schema.js';
import { utcDay } from './utc-day.js';

export const HOUR_MS = 3_600_000;
const hourOf = (ts: number): number => Math.floor(ts / HOUR_MS) * HOUR_MS;

/** Rows that were inserted (not duplicates), summed per rollup row. */
export function rollUp(rows: readonly UsageRecord[]): UsageHourlyTable[] {
  const out = new Map<string, UsageHourlyTable>();
  for (const u of rows) {
    const hour = hourOf(u.ts);
    const keyId = u.keyId ?? '';
    const provider = u.provider ?? '';
    const model = u.model ?? '';
    const id = `${hour}\u0000${keyId}\u0000${provider}\u0000${model}`;
    let r = out.get(id);
    if (!r) {
      r = { hour, key_id: keyId, provider, model, requests: 0, errors: 0, input_tokens: 0, output_tokens: 0, cached_input_tokens: 0, cache_write_tokens: 0, cost_usd: 0 };
      out.set(id, r);
    }
    r.requests += 1;
    if (u.status >= 400) r.errors += 1;
    r.input_tokens += u.inputTokens;
    r.output_tokens += u.outputTokens;
    r.cached_input_tokens += u.cachedInputTokens;
    r.cache_write_tokens += u.cacheWriteTokens;
    r.cost_usd += u.costUsd;
  }
  return [...out.values()];
}

const UPSERT = `insert into usage_hourly
    (hour, key_id, provider, model, requests, errors, input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, cost_usd)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  on conflict (hour, key_id, provider, model) do update set
    requests = usage_hourly.requests + excluded.requests, errors = usage_hourly.errors + excluded.errors,
    input_tokens = usage_hourly.input_tokens + excluded.input_tokens,
    output_tokens = usage_hourly.output_tokens + excluded.output_tokens,
    cached_input_tokens = usage_hourly.cached_input_tokens + excluded.cached_input_tokens,
    cache_write_tokens = usage_hourly.cache_write_tokens + excluded.cache_write_tokens, cost_usd = usage_hourly.cost_usd + excluded.cost_usd`;

/** SQLite's fast path: one prepared upsert, run inside the caller's transaction. */
export function sqliteRollupWriter(raw: BetterSqlite3.Database): (rows: readonly UsageHourlyTable[]) => void {
  const stmt = raw.prepare(UPSERT);
  return (rows) => {
    for (const r of rows) stmt.run(r.hour, r.key_id, r.provider, r.model, r.requests, r.errors, r.input_tokens, r.output_tokens, r.cached_input_tokens, r.cache_write_tokens, r.cost_usd);
  };
}

export async function writeRollups(trx: Transaction<Database>, rows: readonly UsageHourlyTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await trx
      .insertInto('usage_hourly')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) =>
        oc.columns(['hour', 'key_id', 'provider', 'model']).doUpdateSet({
          requests: sql`usage_hourly.requests + excluded.requests`,
          errors: sql`usage_hourly.errors + excluded.errors`,
          input_tokens: sql`usage_hourly.input_tokens + excluded.input_tokens`,
          output_tokens: sql`usage_hourly.output_tokens + excluded.output_tokens`,
          cached_input_tokens: sql`usage_hourly.cached_input_tokens + excluded.cached_input_tokens`,
          cache_write_tokens: sql`usage_hourly.cache_write_tokens + excluded.cache_write_tokens`,
          cost_usd: sql`usage_hourly.cost_usd + excluded.cost_usd`,
        }),
      )
      .execute();
  }
}

type SummaryQuery = UsageQuery & { by: 'key' | 'model' | 'provider' | 'day' };
const ROLLUP_COLUMN = { key: 'key_id', model: 'model', provider: 'provider' } as const;

/**
 * A summary from the hourly rollups for the whole hours inside [since, until),
 * and from raw rows only for the partial hours at either edge (at most two hours
 * of rows), so `usage --since 30d` reads ~720 hours × (keys × models) rollup rows.
 * `raw` is the raw-table summary, given a time range.
 */
export async function summarizeWithRollups(
  db: Kysely<Database>,
  engine: 'sqlite' | 'postgres',
  q: SummaryQuery,
  raw: (q: SummaryQuery) => Promise<UsageGroup[]>,
): Promise<UsageGroup[]> {
  const first = q.since === undefined ? undefined : Math.ceil(q.since / HOUR_MS) * HOUR_MS;
  const end = q.until === undefined ? undefined : hourOf(q.until);
  if (first !== undefined && end !== undefined && first >= end) return raw(q);
  const parts: Promise<UsageGroup[]>[] = [];
  if (q.since !== undefined && first !== undefined && first > q.since) parts.push(raw({ ...q, since: q.since, until: first }));
  if (q.until !== undefined && end !== undefined && end < q.until) parts.push(raw({ ...q, since: end, until: q.until }));
  const dayExpr = utcDay(engine, 'hour');
  const groupExpr = q.by === 'day' ? dayExpr : sql<string>`${sql.ref(ROLLUP_COLUMN[q.by])}`;
  let query = db
    .selectFrom('usage_hourly')
    .select([
      groupExpr.as('grp'),
      sql<number>`sum(requests)`.as('requests'),
      sql<number>`sum(errors)`.as('errors'),
      sql<number>`sum(input_tokens)`.as('input_tokens'),
      sql<number>`sum(output_tokens)`.as('output_tokens'),
      sql<number>`sum(cached_input_tokens)`.as('cached_input_tokens'),
      sql<number>`sum(cache_write_tokens)`.as('cache_write_tokens'),
      sql<number>`sum(cost_usd)`.as('cost_usd'),
    ])
    .groupBy(sql`1`);
  if (first !== undefined) query = query.where('hour', '>=', first);
  if (end !== undefined) query = query.where('hour', '<', end);
  if (q.keyId !== undefined) query = query.where('key_id', '=', q.keyId);
  parts.push(
    query.execute().then((rows) =>
      rows.map((r) => ({
        // '' stood for an absent key, provider or model (see the migration).
        group: r.grp === '' ? null : r.grp,
        requests: Number(r.requests),
        errors: Number(r.errors),
        inputTokens: Number(r.input_tokens),
        outputTokens: Number(r.output_tokens),
        cachedInputTokens: Number(r.cached_input_tokens),
        cacheWriteTokens: Number(r.cache_write_tokens),
        costUsd: Number(r.cost_usd),
      })),
    ),
  );
  const merged = new Map<string | null, UsageGroup>();
  for (const groups of await Promise.all(parts)) {
    for (const g of groups) {
      const m = merged.get(g.group);
      if (!m) merged.set(g.group, { ...g });
      else {
        m.requests += g.requests;
        m.errors += g.errors;
        m.inputTokens += g.inputTokens;
        m.outputTokens += g.outputTokens;
        m.cachedInputTokens += g.cachedInputTokens;
        m.cacheWriteTokens += g.cacheWriteTokens;
        m.costUsd += g.costUsd;
      }
    }
  }
  // The raw query's order: by group, NULL where the engine puts it (first on SQLite, last on PostgreSQL).
  return [...merged.values()].sort((a, b) => {
    if (a.group === b.group) return 0;
    if (a.group === null) return engine === 'sqlite' ? -1 : 1;
    if (b.group === null) return engine === 'sqlite' ? 1 : -1;
    return a.group < b.group ? -1 : 1;
  });
}
