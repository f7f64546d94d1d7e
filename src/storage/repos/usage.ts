import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { UsageRecord, WireApi } from '../../core/index.js';
import type { UsageGroup, UsageQuery, UsageRepo } from '../ports.js';
import type { Database, UsageTable } from '../schema.js';
import { rollUp, summarizeWithRollups, writeRollups } from './usage-hourly.js';
import { sqliteUsageInserter } from './usage-sqlite-insert.js';
import { utcDay } from './utc-day.js';

function toRow(u: UsageRecord): UsageTable {
  return {
    request_id: u.requestId,
    ts: u.ts,
    key_id: u.keyId,
    api: u.api,
    stream: u.stream ? 1 : 0,
    provider: u.provider,
    model: u.model,
    combo: u.combo,
    input_tokens: u.inputTokens,
    output_tokens: u.outputTokens,
    cached_input_tokens: u.cachedInputTokens,
    cache_write_tokens: u.cacheWriteTokens,
    cost_usd: u.costUsd,
    latency_ms: u.latencyMs,
    ttfb_ms: u.ttfbMs,
    status: u.status,
    error_code: u.errorCode,
    fallback_path: JSON.stringify(u.fallbackPath),
  };
}

function toRecord(r: Selectable<UsageTable>): UsageRecord {
  return {
    requestId: r.request_id,
    ts: Number(r.ts),
    keyId: r.key_id,
    api: r.api as WireApi,
    stream: r.stream === 1,
    provider: r.provider,
    model: r.model,
    combo: r.combo,
    inputTokens: Number(r.input_tokens),
    outputTokens: Number(r.output_tokens),
    cachedInputTokens: Number(r.cached_input_tokens),
    cacheWriteTokens: Number(r.cache_write_tokens),
    costUsd: Number(r.cost_usd),
    latencyMs: Number(r.latency_ms),
    ttfbMs: r.ttfb_ms === null ? null : Number(r.ttfb_ms),
    status: Number(r.status),
    errorCode: r.error_code,
    fallbackPath: JSON.parse(r.fallback_path) as string[],
  };
}

const GROUP_COLUMN = { key: 'key_id', model: 'model', provider: 'provider' } as const;
const CHUNK = 200;

export function usageRepo(db: Kysely<Database>, engine: 'sqlite' | 'postgres', raw?: BetterSqlite3.Database): UsageRepo {
  const insertFast = raw ? sqliteUsageInserter(raw) : null;

  /** A summary straight from the raw rows (the edges of a range; rollups cover whole hours). */
  async function summarizeRaw(q: UsageQuery & { by: 'key' | 'model' | 'provider' | 'day' }): Promise<UsageGroup[]> {
    const dayExpr = utcDay(engine, 'ts');
    const groupExpr = q.by === 'day' ? dayExpr : sql<string>`${sql.ref(GROUP_COLUMN[q.by])}`;
    let query = db
      .selectFrom('usage')
      .select([
        groupExpr.as('grp'),
        sql<number>`count(*)`.as('requests'),
        sql<number>`sum(case when status >= 400 then 1 else 0 end)`.as('errors'),
        sql<number>`coalesce(sum(input_tokens), 0)`.as('input_tokens'),
        sql<number>`coalesce(sum(output_tokens), 0)`.as('output_tokens'),
        sql<number>`coalesce(sum(cached_input_tokens), 0)`.as('cached_input_tokens'),
        sql<number>`coalesce(sum(cache_write_tokens), 0)`.as('cache_write_tokens'),
        sql<number>`coalesce(sum(cost_usd), 0)`.as('cost_usd'),
      ])
      .groupBy(sql`1`)
      .orderBy(sql`1`);
    if (q.since !== undefined) query = query.where('ts', '>=', q.since);
    if (q.until !== undefined) query = query.where('ts', '<', q.until);
    if (q.keyId !== undefined) query = query.where('key_id', '=', q.keyId);
    const rows = await query.execute();
    return rows.map((r) => ({
      group: r.grp,
      requests: Number(r.requests),
      errors: Number(r.errors),
      inputTokens: Number(r.input_tokens),
      outputTokens: Number(r.output_tokens),
      cachedInputTokens: Number(r.cached_input_tokens),
      cacheWriteTokens: Number(r.cache_write_tokens),
      costUsd: Number(r.cost_usd),
    }));
  }

  return {
    async insertMany(rows) {
      if (rows.length === 0) return;
      if (insertFast?.(rows)) return;
      await db.transaction().execute(async (trx) => {
        // Only rows inserted now (a retried batch repeats some) count in the hourly rollups.
        const inserted = new Set<string>();
        for (let i = 0; i < rows.length; i += CHUNK) {
          const got = await trx
            .insertInto('usage')
            .values(rows.slice(i, i + CHUNK).map(toRow))
            .onConflict((oc) => oc.column('request_id').doNothing())
            .returning('request_id')
            .execute();
          for (const r of got) inserted.add(r.request_id);
        }
        await writeRollups(trx, rollUp(rows.filter((r) => inserted.has(r.requestId))));
      });
    },
    async list(q: UsageQuery) {
      let query = db.selectFrom('usage').selectAll().orderBy('ts', 'desc').limit(q.limit ?? 100);
      if (q.since !== undefined) query = query.where('ts', '>=', q.since);
      if (q.until !== undefined) query = query.where('ts', '<', q.until);
      if (q.keyId !== undefined) query = query.where('key_id', '=', q.keyId);
      const model = q.model;
      // `provider/model` as clients address it (rows keep the two apart), the bare model id, or a combo's name.
      if (model !== undefined) {
        query = query.where((eb) => eb.or([eb('model', '=', model), eb('combo', '=', model), eb(sql<string>`provider || '/' || model`, '=', model)]));
      }
      if (q.status === 'ok') query = query.where('status', '<', 400);
      else if (q.status === 'error') query = query.where('status', '>=', 400);
      else if (q.status !== undefined) query = query.where('status', '=', q.status);
      return (await query.execute()).map(toRecord);
    },
    async count() {
      const row = await db.selectFrom('usage').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    summarize(q): Promise<UsageGroup[]> {
      return summarizeWithRollups(db, engine, q, summarizeRaw);
    },
    async spendSince(keyId, since) {
      const row = await db
        .selectFrom('usage')
        .select(sql<number>`coalesce(sum(cost_usd), 0)`.as('spend'))
        .where('key_id', '=', keyId)
        .where('ts', '>=', since)
        .executeTakeFirst();
      return Number(row?.spend ?? 0);
    },
  };
}
