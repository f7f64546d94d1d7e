// Two "instances" (two limiters, two spend syncs) on one real database's shared counters.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import type { InferenceKey } from '../../core/index.js';
import { createSharedCounters, openDatabase, type SharedCounters } from '../../storage/index.js';
import { BudgetTracker } from './budget.js';
import { OFFLINE_RETRY_MS, SharedRateLimiter, type RateVerdict } from './shared-rate-limiter.js';
import { createSharedSpend } from './shared-spend.js';

const quiet = { warn: () => {}, info: () => {} };

async function counters(t: TestContext): Promise<SharedCounters> {
  const dir = mkdtempSync(join(tmpdir(), 'sy-shared-rl-'));
  const db = await openDatabase({ sqliteFile: join(dir, 'db.sqlite') });
  t.after(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return createSharedCounters(db);
}

test('two instances on one database admit the limit between them, not twice it; the next window opens again', async (t) => {
  const c = await counters(t);
  const a = new SharedRateLimiter(c, quiet);
  const b = new SharedRateLimiter(c, quiet);
  const now = Date.now();
  const verdicts: RateVerdict[] = [];
  for (let i = 0; i < 100; i++) verdicts.push(await (i % 2 ? a : b).take('k', 30, now + i));
  const admitted = verdicts.filter((v) => v.ok).length;
  assert.equal(admitted, 30);
  const refused = verdicts.find((v) => !v.ok);
  assert.ok(refused && !refused.ok && refused.retryAfterSec >= 1 && refused.retryAfterSec <= 60);
  assert.deepEqual(await a.take('k', 30, now + 60_000), { ok: true }, 'a new window');
});

test('concurrent requests on one instance share a lease round trip and never pass the limit', async (t) => {
  const c = await counters(t);
  const a = new SharedRateLimiter(c, quiet);
  const now = Date.now();
  const verdicts = await Promise.all(Array.from({ length: 50 }, (_, i) => a.take('k', 20, now + i)));
  assert.equal(verdicts.filter((v) => v.ok).length, 20);
});

test('without its database a limiter falls back to the per-process limit instead of failing requests', async () => {
  const broken: SharedCounters = {
    leaseRequests: () => Promise.reject(new Error('connection refused')),
    addSpend: () => Promise.reject(new Error('connection refused')),
  };
  const a = new SharedRateLimiter(broken, quiet);
  const now = Date.now();
  const verdicts: RateVerdict[] = [];
  for (let i = 0; i < 5; i++) verdicts.push(await a.take('k', 3, now + i));
  assert.deepEqual(verdicts.map((v) => v.ok), [true, true, true, false, false]);
});

test("budgets: spend recorded on one instance is counted by the other after a sync", async (t) => {
  const c = await counters(t);
  const key = { id: 'k', dailyBudgetUsd: 1, monthlyBudgetUsd: null } as InferenceKey;
  const now = Date.now();
  const [ba, bb] = [new BudgetTracker(), new BudgetTracker()];
  ba.seed('k', 0, 0, now);
  bb.seed('k', 0, 0, now);
  const sa = createSharedSpend({ counters: c, budgets: ba, logger: quiet });
  const sb = createSharedSpend({ counters: c, budgets: bb, logger: quiet });
  t.after(() => (sa.close(), sb.close()));
  sb.seen('k', now);
  sa.added('k', 0.6, now);
  await sa.sync();
  sb.added('k', 0.5, now);
  bb.add('k', 0.5, now);
  assert.equal(bb.check(key, now).ok, true, 'b alone has spent 0.5 of 1');
  await sb.sync();
  const v = bb.check(key, now);
  assert.equal(v.ok, false, 'b now counts a\'s 0.6 too');
  await sa.sync();
  assert.equal(ba.check(key, now).ok, false, "and a counts b's");
});

test('with its database down a limiter asks it once per second, not per request, and logs the fallback once each way', async () => {
  let up = false;
  let calls = 0;
  const lines: string[] = [];
  const flaky: SharedCounters = {
    leaseRequests: async (_k, want, _limit, now) => {
      calls++;
      if (!up) throw new Error('connection refused');
      return { granted: want, windowStart: now };
    },
    addSpend: () => Promise.reject(new Error('unused')),
  };
  const a = new SharedRateLimiter(flaky, { warn: (_o: unknown, m?: string) => void lines.push(`warn ${m}`), info: (m: string) => void lines.push(`info ${m}`) });
  const now = Date.now();
  for (let i = 0; i < 20; i++) assert.equal((await a.take('k', 100, now + i)).ok, true);
  assert.equal(calls, 1, 'one failed try, then local verdicts');
  assert.equal(a.offline, true);
  up = true;
  assert.equal((await a.take('k', 100, Date.now() + OFFLINE_RETRY_MS + 10)).ok, true);
  assert.equal(calls, 2, 'tried again after a second');
  assert.equal(a.offline, false);
  assert.deepEqual(lines.map((l) => l.split(' ')[0]), ['warn', 'info']);
});
