import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UsageRecord } from '../../core/index.js';
import { createUsageRecorder } from './recorder.js';

const row = (i: number): UsageRecord => ({
  requestId: `req_${i}`, ts: i, keyId: 'k', api: 'chat', stream: false, provider: 'p', model: 'm', combo: null,
  inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, costUsd: 0.001, latencyMs: 1, ttfbMs: null, status: 200,
  errorCode: null, fallbackPath: ['p/m:200'],
});
const quiet = { error: () => {}, debug: () => {}, info: () => {} };

test('rows are written in batches on the timer, not when recorded', async () => {
  const writes: number[] = [];
  const rec = createUsageRecorder({ repo: { insertMany: async (r) => void writes.push(r.length) }, flushMs: 30, logger: quiet });
  for (let i = 0; i < 5; i++) rec.record(row(i));
  assert.deepEqual(writes, []);
  assert.equal(rec.pending(), 5);
  await new Promise((r) => setTimeout(r, 80));
  assert.deepEqual(writes, [5]);
  await rec.drain();
});

test('a full batch flushes early', async () => {
  const writes: number[] = [];
  const rec = createUsageRecorder({ repo: { insertMany: async (r) => void writes.push(r.length) }, flushMs: 60_000, logger: quiet, batchSize: 10 });
  for (let i = 0; i < 25; i++) rec.record(row(i));
  await new Promise((r) => setImmediate(r));
  await rec.flush();
  assert.equal(writes.reduce((a, b) => a + b, 0), 25);
  await rec.drain();
});

test('drain writes everything, even rows queued while a write is in flight', async () => {
  const stored: string[] = [];
  let release: () => void = () => {};
  let slow = true;
  const rec = createUsageRecorder({
    repo: {
      insertMany: async (rows) => {
        if (slow) {
          slow = false;
          await new Promise<void>((r) => (release = r));
        }
        stored.push(...rows.map((r) => r.requestId));
      },
    },
    flushMs: 60_000,
    logger: quiet,
  });
  rec.record(row(1));
  const first = rec.flush();
  rec.record(row(2));
  const drained = rec.drain();
  release();
  await Promise.all([first, drained]);
  assert.deepEqual(stored.sort(), ['req_1', 'req_2']);
});

test('a failed write keeps the rows for the next flush', async () => {
  let fail = true;
  const stored: UsageRecord[] = [];
  const rec = createUsageRecorder({
    repo: { insertMany: async (rows) => { if (fail) throw new Error('database is locked'); stored.push(...rows); } },
    flushMs: 60_000,
    logger: quiet,
  });
  rec.record(row(1));
  await assert.rejects(rec.flush());
  assert.equal(rec.pending(), 1);
  fail = false;
  await rec.drain();
  assert.equal(stored.length, 1);
});

test('while the database refuses writes, a full batch waits for the timer instead of retrying at once', async () => {
  let attempts = 0;
  let fail = true;
  const rec = createUsageRecorder({
    repo: {
      insertMany: async () => {
        attempts++;
        if (fail) throw new Error('database is locked');
      },
    },
    flushMs: 60_000,
    logger: quiet,
    batchSize: 2,
  });
  rec.record(row(1));
  rec.record(row(2));
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  assert.equal(attempts, 1, 'the full batch was tried once');
  for (let i = 3; i < 10; i++) rec.record(row(i));
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  assert.equal(attempts, 1, 'more rows do not retry against a failing database');
  assert.equal(rec.pending(), 9);
  fail = false;
  await rec.drain();
  assert.equal(rec.pending(), 0);
});
