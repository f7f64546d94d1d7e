/** Hourly usage rollups (issue #18 item 5): kept on write, never counting a retried row twice, and summaries that equal the raw rows'. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import type { UsageRecord } from '../../core/index.js';
import type { UsageGroup } from '../ports.js';
import { migrate } from '../db.js';
import { withStore, type OpenStore } from './fixture.case.js';

const H = 3_600_000;
const T0 = Date.UTC(2024, 2, 1, 0, 0, 0);

let seq = 0;
function row(ts: number, i: number): UsageRecord {
  return {
    requestId: `req_roll_${(++seq).toString(16).padStart(12, '0')}_${Math.random().toString(36).slice(2, 6)}`,
    ts,
    keyId: i % 7 === 0 ? null : `key_${i % 3}`,
    api: 'chat',
    stream: false,
    provider: i % 11 === 0 ? null : `p${i % 2}`,
    model: i % 11 === 0 ? null : `p${i % 2}/m${i % 4}`,
    combo: null,
    inputTokens: i % 50,
    outputTokens: i % 13,
    cachedInputTokens: i % 5,
    cacheWriteTokens: i % 3,
    costUsd: (i % 9) * 0.001,
    latencyMs: 5,
    ttfbMs: null,
    status: i % 10 === 0 ? 500 : 200,
    errorCode: null,
    fallbackPath: [],
  };
}

/** What a summary must say, computed from the rows themselves. */
function expected(rows: UsageRecord[], by: 'key' | 'model' | 'provider' | 'day', since?: number, until?: number, keyId?: string): Map<string | null, UsageGroup> {
  const out = new Map<string | null, UsageGroup>();
  for (const r of rows) {
    if ((since !== undefined && r.ts < since) || (until !== undefined && r.ts >= until) || (keyId !== undefined && r.keyId !== keyId)) continue;
    const g = by === 'key' ? r.keyId : by === 'model' ? r.model : by === 'provider' ? r.provider : new Date(r.ts).toISOString().slice(0, 10);
    const e = out.get(g) ?? { group: g, requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, costUsd: 0 };
    e.requests++;
    if (r.status >= 400) e.errors++;
    e.inputTokens += r.inputTokens;
    e.outputTokens += r.outputTokens;
    e.cachedInputTokens += r.cachedInputTokens;
    e.cacheWriteTokens += r.cacheWriteTokens;
    e.costUsd += r.costUsd;
    out.set(g, e);
  }
  return out;
}

function same(got: UsageGroup[], want: Map<string | null, UsageGroup>, what: string): void {
  assert.deepEqual(got.map((g) => g.group).sort(), [...want.keys()].sort(), `${what}: groups`);
  for (const g of got) {
    const w = want.get(g.group);
    assert.ok(w, what);
    assert.deepEqual({ ...g, costUsd: 0 }, { ...w, costUsd: 0 }, `${what}: ${g.group}`);
    assert.ok(Math.abs(g.costUsd - w.costUsd) < 1e-9, `${what}: cost of ${g.group}`);
  }
}

export function usageRollupCases(open: OpenStore): void {
  describe('usage rollups', () => {
    test('summaries over whole and partial hours equal the raw rows, and a retried batch is counted once', async () => {
      await withStore(open, async ({ db, repos }) => {
        // 30 hours spanning two UTC days, a few rows per hour at uneven minutes.
        const rows = Array.from({ length: 600 }, (_, i) => row(T0 + Math.floor((i * 30 * H) / 600) + (i % 5) * 1_000, i));
        await repos.usage.insertMany(rows.slice(0, 400));
        await repos.usage.insertMany(rows.slice(300)); // 100 rows again, as a retry after a lost acknowledgement would
        assert.equal(await repos.usage.count(), 600);
        const { rows: sums } = await sql<{ n: number }>`select sum(requests) as n from usage_hourly`.execute(db.kysely);
        assert.equal(Number(sums[0]?.n), 600, 'one rollup count per raw row');
        const ranges: [number | undefined, number | undefined][] = [
          [undefined, undefined],
          [T0 + 2 * H, T0 + 20 * H], // whole hours only
          [T0 + 2 * H + 1_234, T0 + 20 * H + 5_678], // partial hours at both edges
          [T0 + 3 * H + 10, T0 + 3 * H + 900_000], // inside one hour
          [T0 + 29 * H + 1, undefined],
          [undefined, T0 + 5 * H + 1],
        ];
        for (const [since, until] of ranges) {
          for (const by of ['key', 'model', 'provider', 'day'] as const) {
            same(await repos.usage.summarize({ by, since, until }), expected(rows, by, since, until), `${by} ${since}..${until}`);
          }
          same(await repos.usage.summarize({ by: 'model', since, until, keyId: 'key_1' }), expected(rows, 'model', since, until, 'key_1'), `key_1 ${since}..${until}`);
        }
      });
    });

    test('the migration rolls up the rows written before it', async () => {
      await withStore(open, async ({ db, repos }) => {
        const rows = Array.from({ length: 120 }, (_, i) => row(T0 + i * 600_000, i));
        await repos.usage.insertMany(rows);
        // As a database from before 003 would be: raw rows, no rollup table (and none of 005's columns).
        await sql`drop table usage_hourly`.execute(db.kysely);
        await sql`delete from kysely_migration where name = '003-usage-hourly'`.execute(db.kysely);
        // …and none of the later ones (each is applied again, in order, on top).
        await sql`drop table stored_responses`.execute(db.kysely);
        await sql`alter table usage drop column cache_write_tokens`.execute(db.kysely);
        await sql`delete from kysely_migration where name > '003-usage-hourly'`.execute(db.kysely);
        await migrate(db);
        const before = rows.map((r) => ({ ...r, cacheWriteTokens: 0 }));
        for (const by of ['key', 'model', 'day'] as const) same(await repos.usage.summarize({ by, since: T0 + H }), expected(before, by, T0 + H), `backfilled ${by}`);
      });
    });

    test('the cache-token migration keeps the rollups equal to the raw rows: reads summed, writes 0', async () => {
      await withStore(open, async ({ db, repos }) => {
        const rows = Array.from({ length: 120 }, (_, i) => row(T0 + i * 600_000, i));
        await repos.usage.insertMany(rows);
        // As a database from before 005 would be: cache reads in the raw rows only, no write counts.
        await sql`alter table usage drop column cache_write_tokens`.execute(db.kysely);
        await sql`alter table usage_hourly drop column cached_input_tokens`.execute(db.kysely);
        await sql`alter table usage_hourly drop column cache_write_tokens`.execute(db.kysely);
        await sql`delete from kysely_migration where name = '005-cache-tokens'`.execute(db.kysely);
        await migrate(db);
        const before = rows.map((r) => ({ ...r, cacheWriteTokens: 0 }));
        assert.ok(before.some((r) => r.cachedInputTokens > 0));
        for (const by of ['key', 'model', 'day'] as const) same(await repos.usage.summarize({ by, since: T0 + H }), expected(before, by, T0 + H), `after 005 ${by}`);
        const listed = await repos.usage.list({ limit: 1000 });
        assert.ok(listed.every((r) => r.cacheWriteTokens === 0));
        assert.deepEqual(listed.map((r) => r.cachedInputTokens).sort(), rows.map((r) => r.cachedInputTokens).sort());
      });
    });
  });
}
