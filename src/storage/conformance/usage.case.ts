/** Usage: idempotent batched inserts, queries, aggregates that come back as numbers. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { UsageRecord } from '../../core/index.js';
import { withStore, type OpenStore } from './fixture.case.js';

const DAY1 = Date.UTC(2024, 0, 1, 23, 59, 59, 999);
const DAY2 = Date.UTC(2024, 0, 2, 0, 0, 0, 0);

let seq = 0;
function record(over: Partial<UsageRecord> = {}): UsageRecord {
  return {
    requestId: `req_${(++seq).toString(16).padStart(24, '0')}_${Math.random().toString(36).slice(2, 6)}`,
    ts: DAY1,
    keyId: 'key_a',
    api: 'chat',
    stream: false,
    provider: 'p1',
    model: 'p1/m1',
    combo: null,
    inputTokens: 10,
    outputTokens: 5,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    costUsd: 0.25,
    latencyMs: 12,
    ttfbMs: null,
    status: 200,
    errorCode: null,
    fallbackPath: ['p1/m1:ok'],
    ...over,
  };
}

export function usageCases(open: OpenStore): void {
  describe('usage', () => {
    test('insertMany is idempotent on request_id and round-trips every field', async () => {
      await withStore(open, async ({ repos }) => {
        const r = record({ stream: true, ttfbMs: 7, combo: 'c1', api: 'responses', cachedInputTokens: 3, cacheWriteTokens: 4, errorCode: 'X', status: 502, fallbackPath: ['a/b:500', 'p1/m1:ok'] });
        await repos.usage.insertMany([r]);
        await repos.usage.insertMany([r, { ...r, costUsd: 99 }]);
        await repos.usage.insertMany([]);
        const n = await repos.usage.count();
        assert.equal(n, 1);
        assert.equal(typeof n, 'number');
        assert.deepEqual(await repos.usage.list({}), [r]);
      });
    });

    test('a batch larger than one insert statement is written whole', async () => {
      await withStore(open, async ({ repos }) => {
        const rows = Array.from({ length: 450 }, (_, i) => record({ ts: DAY1 - i }));
        await repos.usage.insertMany(rows);
        assert.equal(await repos.usage.count(), 450);
        const page = await repos.usage.list({ limit: 1000 });
        assert.equal(page.length, 450);
      });
    });

    test('rows written while another transaction is open do not join it (its rollback keeps them)', async () => {
      await withStore(open, async ({ db, repos }) => {
        const r = record();
        let inserting: Promise<void> | undefined;
        const failed = db.kysely.transaction().execute(async (trx) => {
          await trx.insertInto('settings').values({ key: 'probe', value: '"x"', updated_at: 1 }).execute();
          // Not awaited: on SQLite this waits for the transaction to end.
          inserting = repos.usage.insertMany([r]);
          await new Promise((done) => setTimeout(done, 20));
          throw new Error('roll back');
        });
        await assert.rejects(failed, /roll back/);
        await inserting;
        assert.deepEqual(await repos.usage.list({}), [r]);
        assert.equal(await repos.settings.get('probe'), undefined, 'the transaction itself was rolled back');
      });
    });

    test('list filters by time and key, newest first, limited', async () => {
      await withStore(open, async ({ repos }) => {
        const old = record({ ts: 1_000 });
        const mid = record({ ts: 2_000, keyId: 'key_b' });
        const recent = record({ ts: 3_000 });
        await repos.usage.insertMany([old, mid, recent]);
        assert.deepEqual((await repos.usage.list({})).map((u) => u.ts), [3_000, 2_000, 1_000]);
        assert.deepEqual((await repos.usage.list({ since: 2_000 })).map((u) => u.ts), [3_000, 2_000]);
        assert.deepEqual((await repos.usage.list({ until: 2_000 })).map((u) => u.ts), [1_000]);
        assert.deepEqual((await repos.usage.list({ keyId: 'key_b' })).map((u) => u.ts), [2_000]);
        assert.deepEqual((await repos.usage.list({ limit: 1 })).map((u) => u.ts), [3_000]);
      });
    });

    test('list filters by model (or the combo it was addressed by) and by status class or code', async () => {
      await withStore(open, async ({ repos }) => {
        await repos.usage.insertMany([
          record({ ts: 1_000, model: 'p1/m1', status: 200 }),
          record({ ts: 2_000, model: 'p2/m2', combo: 'fast', status: 502 }),
          record({ ts: 3_000, model: 'p1/m1', status: 429, keyId: 'key_b' }),
          record({ ts: 4_000, model: null, status: 401, keyId: null }),
          record({ ts: 5_000, provider: 'or', model: 'meta/llama-3', status: 200 }),
        ]);
        const ts = async (q: Parameters<typeof repos.usage.list>[0]) => (await repos.usage.list(q)).map((u) => u.ts);
        assert.deepEqual(await ts({ model: 'p1/m1' }), [3_000, 1_000]);
        assert.deepEqual(await ts({ model: 'fast' }), [2_000]);
        assert.deepEqual(await ts({ model: 'p2/m2' }), [2_000]);
        assert.deepEqual(await ts({ model: 'or/meta/llama-3' }), [5_000], 'provider/model as clients write it');
        assert.deepEqual(await ts({ model: 'meta/llama-3' }), [5_000], 'the bare model id');
        assert.deepEqual(await ts({ model: 'or/meta' }), []);
        assert.deepEqual(await ts({ status: 'ok' }), [5_000, 1_000]);
        assert.deepEqual(await ts({ status: 'error' }), [4_000, 3_000, 2_000]);
        assert.deepEqual(await ts({ status: 429 }), [3_000]);
        assert.deepEqual(await ts({ status: 'error', model: 'p1/m1', keyId: 'key_b' }), [3_000]);
        assert.deepEqual(await ts({ status: 'ok', model: 'fast' }), []);
      });
    });

    test('summarize by key, model, provider and UTC day, with numbers not strings', async () => {
      await withStore(open, async ({ repos }) => {
        await repos.usage.insertMany([
          record({ keyId: 'key_a', provider: 'p1', model: 'p1/m1', ts: DAY1, inputTokens: 10, outputTokens: 1, costUsd: 0.5 }),
          record({ keyId: 'key_a', provider: 'p2', model: 'p2/m9', ts: DAY2, inputTokens: 20, outputTokens: 2, cachedInputTokens: 12, cacheWriteTokens: 6, costUsd: 0.25, status: 500 }),
          record({ keyId: null, provider: 'p1', model: 'p1/m1', ts: DAY2, inputTokens: 5, outputTokens: 3, costUsd: 1 }),
        ]);
        const byKey = await repos.usage.summarize({ by: 'key' });
        const a = byKey.find((g) => g.group === 'key_a');
        assert.deepEqual(a, { group: 'key_a', requests: 2, errors: 1, inputTokens: 30, outputTokens: 3, cachedInputTokens: 12, cacheWriteTokens: 6, costUsd: 0.75 });
        assert.ok(byKey.some((g) => g.group === null && g.requests === 1));
        for (const g of byKey) {
          for (const f of ['requests', 'errors', 'inputTokens', 'outputTokens', 'cachedInputTokens', 'cacheWriteTokens', 'costUsd'] as const) assert.equal(typeof g[f], 'number', f);
        }
        const byModel = await repos.usage.summarize({ by: 'model' });
        assert.deepEqual(byModel.map((g) => [g.group, g.requests]), [['p1/m1', 2], ['p2/m9', 1]]);
        const byProvider = await repos.usage.summarize({ by: 'provider', keyId: 'key_a' });
        assert.deepEqual(byProvider.map((g) => [g.group, g.requests]), [['p1', 1], ['p2', 1]]);
        const byDay = await repos.usage.summarize({ by: 'day' });
        assert.deepEqual(byDay.map((g) => [g.group, g.requests, g.costUsd]), [['2024-01-01', 1, 0.5], ['2024-01-02', 2, 1.25]]);
        assert.deepEqual((await repos.usage.summarize({ by: 'day', since: DAY2 })).map((g) => g.group), ['2024-01-02']);
        assert.deepEqual(await repos.usage.summarize({ by: 'model', until: 0 }), []);
      });
    });

    test('spendSince sums one key from a time on, zero when nothing matches', async () => {
      await withStore(open, async ({ repos }) => {
        await repos.usage.insertMany([
          record({ keyId: 'key_s', ts: 1_000, costUsd: 0.1 }),
          record({ keyId: 'key_s', ts: 2_000, costUsd: 0.2 }),
          record({ keyId: 'key_s', ts: 3_000, costUsd: 0.4 }),
          record({ keyId: 'key_other', ts: 3_000, costUsd: 5 }),
        ]);
        const spend = await repos.usage.spendSince('key_s', 2_000);
        assert.equal(typeof spend, 'number');
        assert.ok(Math.abs(spend - 0.6) < 1e-9, String(spend));
        assert.equal(await repos.usage.spendSince('key_none', 0), 0);
      });
    });
  });
}
