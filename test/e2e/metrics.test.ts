// `/metrics` end to end: the real server with two mock OpenAI upstreams, real
// /v1 traffic (a plain answer, a fallback through a combo, an upstream 429,
// unknown models), real password failures up to a lockout, then scrapes parsed
// as the Prometheus text format. Counters must move by exactly what was sent,
// no label may carry a secret or a client's model string, and the guard's
// rule holds: loopback scrapes without a credential, anyone else needs read scope.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { configSchema, generateInferenceKey, hashInferenceKey, maskInferenceKey } from '../../src/core/index.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { send } from '../helpers/guard-server.js';
import { startMockOpenAI, type MockOpenAI } from '../helpers/mock-openai.js';

const PASSWORD = 'metrics-test-password';
const UNKNOWN_MODEL = 'alpha/ZZ-client-typed-model-4711';
const UNKNOWN_BARE = 'ZZ-no-such-model-0815';

let dir: string;
let server: RunningServer;
let alpha: MockOpenAI;
let beta: MockOpenAI;
let keySecret = '';
let keyId = '';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-metrics-e2e-'));
  alpha = await startMockOpenAI({ apiKey: 'alpha-upstream-secret' });
  beta = await startMockOpenAI({ apiKey: 'beta-upstream-secret' });
  alpha.setModelBehavior('broken', { kind: 'status', status: 500 });
  alpha.setModelBehavior('limited', { kind: 'status', status: 429, headers: { 'retry-after': '1' } });
  const config = configSchema.parse({ stateDir: dir, port: 0, logLevel: 'silent', usageFlushMs: 50 });
  server = await startServer(config, { SWITCHYARD_PASSWORD: PASSWORD });
  const r = server.repos;
  const price = { input: 1, output: 2 };
  await r.providers.create({ name: 'alpha', type: 'openai-compatible', baseUrl: alpha.url, preset: null, models: [{ id: 'mock-small', price }, { id: 'broken' }, { id: 'limited' }], credential: 'alpha-upstream-secret', enabled: true, supportsResponses: false });
  await r.providers.create({ name: 'beta', type: 'openai-compatible', baseUrl: beta.url, preset: null, models: [{ id: 'mock-small', price }], credential: 'beta-upstream-secret', enabled: true, supportsResponses: false });
  await r.combos.create({ name: 'smart', strategy: 'fallback', targets: [{ model: 'alpha/broken' }, { model: 'beta/mock-small' }] });
  keySecret = generateInferenceKey();
  const key = await r.keys.create({ name: 'metrics', prefix: maskInferenceKey(keySecret), keyHash: hashInferenceKey(keySecret), allowedModels: null, rpmLimit: null, dailyBudgetUsd: null, monthlyBudgetUsd: null, expiresAt: null });
  keyId = key.id;
});

after(async () => {
  await server?.stop();
  await alpha?.close();
  await beta?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text exposition format (0.0.4): `# HELP`/`# TYPE` lines and `name{l="v",…} value` samples. */
function parseExposition(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1] as string, type[2] as string);
      continue;
    }
    if (line.startsWith('# HELP ')) continue;
    assert.ok(!line.startsWith('#'), `unexpected comment line: ${line}`);
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/.exec(line);
    assert.ok(m, `not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    const body = m[2] ?? '';
    const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/gy;
    let pos = 0;
    for (let lm = re.exec(body); lm; lm = re.exec(body)) {
      labels[lm[1] as string] = (lm[2] as string).replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1');
      pos = re.lastIndex;
    }
    assert.equal(pos, body.length, `bad label set: ${line}`);
    const raw = m[3] as string;
    const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw);
    // Prometheus reads NaN in any case (Go's ParseFloat); prom-client writes `Nan` for an empty event-loop histogram.
    assert.ok(!Number.isNaN(value) || raw.toLowerCase() === 'nan', `bad value: ${line}`);
    samples.push({ name: m[1] as string, labels, value });
  }
  return { samples, types };
}

async function scrape(headers: Record<string, string> = {}) {
  const r = await send(server.url, '/metrics', { headers });
  assert.equal(r.status, 200, r.text);
  assert.match(String(r.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  return { text: r.text, ...parseExposition(r.text) };
}

const key = (s: Sample) => `${s.name}{${Object.entries(s.labels).sort().map(([k, v]) => `${k}=${v}`).join(',')}}`;

/** How each series of the named families moved between two scrapes (series absent before count from 0). */
function delta(before: Sample[], now: Sample[], names: string[]): Record<string, number> {
  const old = new Map(before.map((s) => [key(s), s.value]));
  const out: Record<string, number> = {};
  for (const s of now) {
    if (!names.includes(s.name)) continue;
    const d = s.value - (old.get(key(s)) ?? 0);
    if (d !== 0) out[key(s)] = Math.round(d * 1e9) / 1e9;
  }
  return out;
}

const chat = (model: string) =>
  fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${keySecret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Say hello' }] }),
  }).then(async (r) => (await r.text(), r.status));

const total = (samples: Sample[], name: string) => samples.filter((s) => s.name === name).reduce((a, s) => a + s.value, 0);

test('requests, fallbacks, tokens and cost move by exactly the /v1 requests sent; labels stay bounded', async () => {
  const first = await scrape();
  assert.equal(first.types.get('switchyard_requests_total'), 'counter');
  assert.equal(first.types.get('switchyard_upstream_latency_seconds'), 'histogram');
  assert.ok(first.types.has('process_cpu_user_seconds_total'), 'default process metrics');

  const statuses = {
    direct: await chat('beta/mock-small'),
    combo: await chat('smart'),
    limited: await chat('alpha/limited'),
    unknown: await chat(UNKNOWN_MODEL),
    bare: await chat(UNKNOWN_BARE),
  };
  assert.equal(statuses.direct, 200);
  assert.equal(statuses.combo, 200, 'the combo falls back from alpha/broken to beta/mock-small');
  assert.equal(statuses.limited, 429);
  assert.equal(statuses.unknown, 200, 'a model the provider does not list is still routed (the upstream may know it)');
  assert.equal(statuses.bare, 404);

  // The row is recorded as the answer ends: wait until all five are counted, then compare exactly.
  const deadline = Date.now() + 5000;
  let now = await scrape();
  while (total(now.samples, 'switchyard_requests_total') - total(first.samples, 'switchyard_requests_total') < 5 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    now = await scrape();
  }
  assert.deepEqual(delta(first.samples, now.samples, ['switchyard_requests_total']), {
    'switchyard_requests_total{api=chat,model=mock-small,provider=beta,status=200}': 2,
    'switchyard_requests_total{api=chat,model=limited,provider=alpha,status=429}': 1,
    'switchyard_requests_total{api=chat,model=unlisted,provider=alpha,status=200}': 1,
    'switchyard_requests_total{api=chat,model=none,provider=none,status=404}': 1,
  });
  assert.deepEqual(delta(first.samples, now.samples, ['switchyard_fallbacks_total']), { 'switchyard_fallbacks_total{api=chat}': 1 });
  const latencyCount = delta(first.samples, now.samples, ['switchyard_upstream_latency_seconds_count']);
  assert.equal(Object.values(latencyCount).reduce((a, b) => a + b, 0), 5, 'one latency observation per request');
  const tokens = delta(first.samples, now.samples, ['switchyard_tokens_total']);
  assert.ok((tokens['switchyard_tokens_total{kind=input,model=mock-small,provider=beta}'] ?? 0) > 0, JSON.stringify(tokens));
  assert.ok((tokens['switchyard_tokens_total{kind=output,model=mock-small,provider=beta}'] ?? 0) > 0, JSON.stringify(tokens));
  const cost = delta(first.samples, now.samples, ['switchyard_cost_usd_total']);
  assert.ok((cost['switchyard_cost_usd_total{model=mock-small,provider=beta}'] ?? 0) > 0, JSON.stringify(cost));

  // The failed first target of the combo is tracked per target, by its catalogue address.
  const cooling = now.samples.filter((s) => s.name === 'switchyard_target_cooling_down');
  assert.ok(cooling.some((s) => s.labels.target === 'alpha/broken' && s.labels.provider === 'alpha'), JSON.stringify(cooling));
  for (const g of ['switchyard_inflight_requests', 'switchyard_inflight_streams', 'switchyard_usage_queue_depth', 'switchyard_usage_dropped_total']) {
    assert.ok(now.samples.some((s) => s.name === g), `${g} is exported`);
  }

  // No label value is a secret or what a client typed as a model.
  const values = now.samples.flatMap((s) => Object.values(s.labels));
  for (const forbidden of [keySecret, keySecret.slice(0, 12), keyId, 'alpha-upstream-secret', 'beta-upstream-secret', PASSWORD, UNKNOWN_MODEL, 'ZZ-client-typed-model-4711', UNKNOWN_BARE]) {
    assert.ok(!values.some((v) => v.includes(forbidden)), `a label holds ${forbidden}`);
    assert.ok(!now.text.includes(forbidden), `the exposition holds ${forbidden}`);
  }
});

test('wrong passwords count as guard denials by code, and the lockout they earn once', async () => {
  const first = await scrape();
  const peer = '127.0.0.9';
  for (let i = 1; i <= 6; i++) {
    const r = await send(server.url, '/api/cli/connect', { method: 'POST', body: { password: `wrong-${i}` }, localAddress: peer });
    assert.equal(r.status, i < 5 ? 401 : 429, `attempt ${i}`);
  }
  const refused = await send(server.url, '/api/keys', { headers: { 'X-Forwarded-For': '198.51.100.7' } });
  assert.equal(refused.status, 401);
  const now = await scrape();
  assert.deepEqual(delta(first.samples, now.samples, ['switchyard_guard_denials_total', 'switchyard_lockouts_total']), {
    'switchyard_guard_denials_total{code=INVALID_PASSWORD}': 4,
    'switchyard_guard_denials_total{code=LOCKED_OUT}': 2,
    'switchyard_guard_denials_total{code=AUTH_REQUIRED}': 1,
    'switchyard_lockouts_total{}': 1,
  });
});

test('/metrics: loopback scrapes without a credential; from elsewhere it needs a read-scope bearer', async () => {
  const remote = { 'X-Forwarded-For': '203.0.113.5' };
  const anonymous = await send(server.url, '/metrics', { headers: remote });
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.json().error?.code, 'AUTH_REQUIRED');
  assert.ok(!anonymous.text.includes('switchyard_requests_total'));

  const connect = await send(server.url, '/api/cli/connect', { method: 'POST', body: { password: PASSWORD, scope: 'read', name: 'prometheus' } });
  assert.equal(connect.status, 201, connect.text);
  const token = (connect.json() as { token?: string }).token ?? '';
  assert.match(token, /^sya_live_/);
  const scraped = await scrape({ ...remote, authorization: `Bearer ${token}` });
  assert.ok(scraped.samples.some((s) => s.name === 'switchyard_requests_total'));

  const badToken = await send(server.url, '/metrics', { headers: { ...remote, authorization: 'Bearer sya_live_nope' } });
  assert.equal(badToken.status, 401);
  assert.equal(badToken.json().error?.code, 'INVALID_TOKEN');
  // An inference key is not a management credential, not even for reading metrics.
  const inference = await send(server.url, '/metrics', { headers: { ...remote, authorization: `Bearer ${keySecret}` } });
  assert.equal(inference.status, 401);
  // DNS rebinding: a loopback request naming a foreign Host is refused before the open door.
  const rebound = await send(server.url, '/metrics', { headers: { host: 'evil.example:80' } });
  assert.equal(rebound.status, 403);
  assert.equal(rebound.json().error?.code, 'HOST_NOT_ALLOWED');
  const post = await send(server.url, '/metrics', { method: 'POST', body: {} });
  assert.equal(post.status, 401, 'only GET/HEAD are open to loopback');
});
