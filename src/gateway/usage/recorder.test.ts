import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UsageRecord } from '../../core/index.js';
import { createUsageRecorder } from './recorder.js';

const row = (i: number): UsageRecord => ({
  requestId: `req_${i}`, ts: i, keyId: 'k', api: 'chat', stream: false, provider: 'p', model: 'm', combo: null,
  inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, costUsd: 0.001, latencyMs: 1, ttfbMs: null, status: 200,
  errorCode: null, fallbackPath: ['p/m:200'],
});
const quiet = { error: () => {}, debug: () => {} };

const turn = () => new Promise((r) => setImmediate(r));

test('rows are written on the next turn of the event loop, not on the caller\'s stack', async () => {
  const writes: number[] = [];
  const rec = createUsageRecorder({ repo: { insertMany: async (r) => void writes.push(r.length) }, flushMs: 60_000, logger: quiet });
  for (let i = 0; i < 5; i++) rec.record(row(i));
  assert.deepEqual(writes, []);
  assert.equal(rec.pending(), 5);
  await turn();
  assert.deepEqual(writes, [5]);
  assert.equal(rec.pending(), 0);
  await rec.drain();
});

test('rows recorded while a write is in flight go together into the next write', async () => {
  const writes: number[] = [];
  let release: () => void = () => {};
  const rec = createUsageRecorder({
    repo: {
      insertMany: async (r) => {
        writes.push(r.length);
        if (writes.length === 1) await new Promise<void>((done) => (release = done));
      },
    },
    flushMs: 60_000,
    logger: quiet,
  });
  rec.record(row(0));
  await turn();
  for (let i = 1; i <= 7; i++) rec.record(row(i));
  await turn();
  assert.deepEqual(writes, [1], 'no second write while the first is in flight');
  release();
  await turn();
  await turn();
  assert.deepEqual(writes, [1, 7]);
  await rec.drain();
});

test('batchSize caps the rows of one write', async () => {
  const writes: number[] = [];
  const rec = createUsageRecorder({ repo: { insertMany: async (r) => void writes.push(r.length) }, flushMs: 60_000, logger: quiet, batchSize: 10 });
  for (let i = 0; i < 25; i++) rec.record(row(i));
  await rec.drain();
  assert.deepEqual(writes, [10, 10, 5]);
});

test('the timer runs everyTick after its write', async () => {
  const events: string[] = [];
  const rec = createUsageRecorder({
    repo: { insertMany: async () => void events.push('write') },
    flushMs: 20,
    logger: quiet,
    everyTick: async () => void events.push('tick'),
  });
  await new Promise((r) => setTimeout(r, 70));
  assert.ok(events.includes('tick'), 'everyTick ran');
  assert.ok(!events.includes('write'), 'nothing queued, nothing written');
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

test('a failed write keeps the rows; while failing only the timer retries', async () => {
  let fail = true;
  let attempts = 0;
  const stored: UsageRecord[] = [];
  const rec = createUsageRecorder({
    repo: {
      insertMany: async (rows) => {
        attempts++;
        if (fail) throw new Error('database is locked');
        stored.push(...rows);
      },
    },
    flushMs: 40,
    logger: quiet,
  });
  rec.record(row(1));
  await assert.rejects(rec.flush());
  assert.equal(rec.pending(), 1);
  rec.record(row(2));
  await turn();
  await turn();
  assert.equal(attempts, 1, 'a new row does not retry at once against a failing database');
  fail = false;
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(stored.map((r) => r.requestId), ['req_1', 'req_2'], 'the timer wrote both, in order');
  await rec.drain();
});
