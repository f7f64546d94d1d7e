// GET /api/logs and its live tail /api/logs/stream filter in the database by
// status (ok, error, one code), model (or the combo it was addressed by) and
// key (id or name); a bad filter is a 400 in the management format.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { UsageRecord } from '../../src/core/index.js';
import { cli, startGuardServer, type GuardServer } from '../helpers/guard-server.js';

let gs: GuardServer;
let keyId: string;
let seq = 0;
const T0 = Date.now() - 60_000;

function rec(over: Partial<UsageRecord>): UsageRecord {
  return {
    requestId: `req_filter_${++seq}`, ts: T0 + seq, keyId: null, api: 'chat', stream: false, provider: 'p', model: 'm1', combo: null,
    inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, costUsd: 0, latencyMs: 5, ttfbMs: null, status: 200, errorCode: null, fallbackPath: [],
    ...over,
  };
}

before(async () => {
  gs = await startGuardServer();
  keyId = (await gs.server.repos.keys.create({ name: 'team-a', prefix: 'sk-sy-abcd', keyHash: 'f'.repeat(64), allowedModels: null, rpmLimit: null, dailyBudgetUsd: null, monthlyBudgetUsd: null, expiresAt: null })).id;
  await gs.server.repos.usage.insertMany([
    rec({ keyId, model: 'm1' }),
    rec({ keyId, model: 'm2', combo: 'fast', status: 502 }),
    rec({ model: 'm1', status: 429 }),
    rec({ model: 'm2', status: 200 }),
  ]);
});
after(() => gs?.close());

async function logs(query: string): Promise<number[]> {
  const r = await gs.send(`/api/logs?limit=100&${query}`, { headers: cli });
  assert.equal(r.status, 200, r.text);
  return (r.json() as unknown as { records: UsageRecord[] }).records.map((x) => x.ts - T0);
}

test('filters by status, model, combo and key (id or name), combined', async () => {
  assert.deepEqual(await logs(''), [4, 3, 2, 1]);
  assert.deepEqual(await logs('status=error'), [3, 2]);
  assert.deepEqual(await logs('status=ok'), [4, 1]);
  assert.deepEqual(await logs('status=429'), [3]);
  assert.deepEqual(await logs('model=p%2Fm1'), [3, 1]);
  assert.deepEqual(await logs('model=m1'), [3, 1]);
  assert.deepEqual(await logs('model=fast'), [2]);
  assert.deepEqual(await logs(`key=${keyId}`), [2, 1]);
  assert.deepEqual(await logs('key=team-a'), [2, 1]);
  assert.deepEqual(await logs('key=no-such-key'), []);
  assert.deepEqual(await logs('key=team-a&status=error'), [2]);
  assert.deepEqual(await logs(`key=team-a&model=p%2Fm1&after=${T0}`), [1]);
});

test('a bad filter is a 400 naming it, on the list and on the stream', async () => {
  for (const path of ['/api/logs?status=bad', '/api/logs?status=99', '/api/logs?model=', '/api/logs?colour=red', '/api/logs/stream?status=oops', '/api/logs/stream?limit=5']) {
    const r = await gs.send(path, { headers: cli });
    assert.equal(r.status, 400, `${path}: ${r.text}`);
    assert.equal(r.json().error?.code, 'VALIDATION_FAILED', path);
    assert.match(String(r.headers['content-type']), /application\/json/, path);
  }
});

test('the live tail sends only matching records', async () => {
  const ctrl = new AbortController();
  const res = await fetch(new URL('/api/logs/stream?status=error&model=p%2Fm9', gs.url), { headers: cli, signal: ctrl.signal });
  assert.equal(res.status, 200);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  let text = '';
  const read = async (until: RegExp) => {
    while (!until.test(text)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended: ${text}`);
      text += new TextDecoder().decode(value);
    }
  };
  await read(/event: ready/);
  const now = Date.now() + 5;
  await gs.server.repos.usage.insertMany([
    rec({ ts: now, model: 'm9', status: 200, requestId: 'req_tail_ok' }),
    rec({ ts: now + 1, model: 'm1', status: 500, requestId: 'req_tail_other' }),
    rec({ ts: now + 2, model: 'm9', status: 503, requestId: 'req_tail_match' }),
  ]);
  await read(/req_tail_match/);
  ctrl.abort();
  assert.ok(!text.includes('req_tail_ok') && !text.includes('req_tail_other'), text);
});
