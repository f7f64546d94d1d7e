import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SwitchyardError } from '../core/index.js';
import { startMockOpenAI, type MockOpenAI } from '../../test/helpers/mock-openai.js';
import { makeTarget, toRouteProvider, HealthTracker } from './routing/index.js';
import { gatewayStatus, testProvider } from './status.js';
import { tempRepos, type TempRepos } from './testing/temp-repos.js';
import { createUpstreams, type Upstreams } from './upstream/index.js';

let t: TempRepos;
let mock: MockOpenAI;
let upstreams: Upstreams;
before(async () => {
  t = await tempRepos();
  mock = await startMockOpenAI({ apiKey: 'right' });
  upstreams = createUpstreams({ connectTimeoutMs: 2000, headersTimeoutMs: 5000, bodyTimeoutMs: 5000 });
});
after(async () => {
  await upstreams.close();
  await mock.close();
  await t.close();
});

const base = { type: 'openai-compatible' as const, preset: null, models: [{ id: 'mock-small' }], enabled: true, supportsResponses: false };

test('testProvider: OK with the right credential, the provider status and message otherwise', async () => {
  const good = await t.repos.providers.create({ ...base, name: 'good', baseUrl: mock.url, credential: 'right' });
  const bad = await t.repos.providers.create({ ...base, name: 'bad', baseUrl: mock.url, credential: 'wrong' });
  const down = await t.repos.providers.create({ ...base, name: 'down', baseUrl: 'http://127.0.0.1:9/v1', credential: null });
  const health = new HealthTracker();
  const ok = await testProvider(t.repos, upstreams, health, 'good');
  assert.equal(ok.ok, true);
  assert.equal(ok.status, 200);
  assert.ok(ok.latencyMs >= 0);
  assert.equal(mock.requests.at(-1)?.path, '/v1/models');
  const refused = await testProvider(t.repos, upstreams, health, bad.id);
  assert.equal(refused.ok, false);
  assert.equal(refused.status, 401);
  assert.match(refused.message, /Incorrect API key/);
  assert.doesNotMatch(refused.message, /wrong/, 'the credential never appears in the message');
  const unreachable = await testProvider(t.repos, upstreams, health, down.name);
  assert.equal(unreachable.ok, false);
  assert.equal(unreachable.status, null);
  await assert.rejects(testProvider(t.repos, upstreams, health, 'nope'), (e: unknown) => e instanceof SwitchyardError && e.status === 404);

  // The 401 marked 'bad' unhealthy; 'good' is fine; a cooling target shows as degraded.
  health.failure(makeTarget(toRouteProvider(good, null), 'mock-small'), 503, 'overloaded', 30_000, Date.now());
  const status = await gatewayStatus(t.repos, health);
  const by = new Map(status.providers.map((p) => [p.name, p]));
  assert.equal(by.get('bad')?.state, 'unhealthy');
  assert.equal(by.get('bad')?.lastStatus, 401);
  assert.equal(by.get('good')?.state, 'degraded');
  assert.equal(by.get('good')?.targets[0]?.target, 'good/mock-small');
  assert.equal(by.get('good')?.targets[0]?.state, 'cooling-down');
  assert.equal(by.get('down')?.state, 'ok');
});

test('testProvider falls back to a one-token chat when the provider has no model list', async () => {
  const noList = await t.repos.providers.create({ ...base, name: 'nolist', baseUrl: `${mock.url}/nolist`, credential: 'right' });
  const r = await testProvider(t.repos, upstreams, new HealthTracker(), noList.id);
  // The mock answers 404 for /v1/nolist/models and for /v1/nolist/chat/completions: the chat was tried.
  assert.equal(r.ok, false);
  assert.match(r.message, /one-token chat with mock-small/);
  assert.equal(mock.requests.at(-1)?.path, '/v1/nolist/chat/completions');
});
