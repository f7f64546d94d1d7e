import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SwitchyardError } from '../../core/index.js';
import { addKey, silentLogger, tempRepos, type TempRepos } from '../testing/temp-repos.js';
import { createInferenceAuth, type InferenceAuth } from './index.js';
import { RateLimiter } from './rate-limiter.js';

let t: TempRepos;
let auth: InferenceAuth;
before(async () => {
  t = await tempRepos();
  auth = createInferenceAuth({ repos: t.repos, events: t.events, logger: silentLogger });
});
after(() => t.close());

// authenticate is synchronous once the keys are cached (throws then), a promise on the first call.
const authn = (h: Record<string, string>, now: number) => Promise.resolve().then(() => auth.authenticate(h, now));
const bearer = (s: string) => ({ authorization: `Bearer ${s}` });
const rejects = (p: Promise<unknown>, status: number, code: string, text?: string) =>
  assert.rejects(p, (e: unknown) => e instanceof SwitchyardError && e.status === status && e.code === code && (!text || e.message.includes(text)));

test('a valid key authenticates by Bearer or x-api-key', async () => {
  const { secret, key } = await addKey(t.repos);
  t.events.emit('keys');
  assert.equal((await authn(bearer(secret), Date.now())).id, key.id);
  assert.equal((await authn({ 'x-api-key': secret }, Date.now())).id, key.id);
});

test('missing, malformed, unknown, revoked and expired keys are 401s', async () => {
  const now = Date.now();
  await rejects(authn({}, now), 401, 'AUTH_REQUIRED');
  await rejects(authn(bearer('sk-nope'), now), 401, 'INVALID_API_KEY');
  await rejects(authn(bearer('sk-sy-' + 'A'.repeat(40)), now), 401, 'INVALID_API_KEY');
  const revoked = await addKey(t.repos);
  const expired = await addKey(t.repos, { expiresAt: now - 1 });
  t.events.emit('keys');
  assert.ok(await authn(bearer(revoked.secret), now));
  await t.repos.keys.revoke(revoked.key.id, now);
  // Until the change is announced the cached copy stands; the management plane emits 'keys'.
  t.events.emit('keys');
  await rejects(authn(bearer(revoked.secret), now), 401, 'INVALID_API_KEY', 'revoked');
  await rejects(authn(bearer(expired.secret), now), 401, 'INVALID_API_KEY', 'expired');
});

test('the allow-list admits exact names and provider/* only', async () => {
  const { key } = await addKey(t.repos, { allowedModels: ['a/m1', 'b/*', 'combo1'] });
  for (const m of ['a/m1', 'b/anything', 'combo1']) assert.doesNotThrow(() => auth.authorize(key, m, Date.now()));
  for (const m of ['a/m2', 'bb/x', 'combo2']) {
    assert.throws(() => auth.authorize(key, m, Date.now()), (e: unknown) => e instanceof SwitchyardError && e.status === 403 && e.code === 'MODEL_NOT_ALLOWED');
  }
});

test('rpm limit: 429 with Retry-After once the window is full, admitted again after it slides', () => {
  const rl = new RateLimiter();
  for (let i = 0; i < 3; i++) assert.deepEqual(rl.take('k', 3, 1000 + i), { ok: true });
  assert.deepEqual(rl.take('k', 3, 1010), { ok: false, retryAfterSec: 60 });
  assert.deepEqual(rl.take('k', 3, 60_500), { ok: false, retryAfterSec: 1 });
  assert.deepEqual(rl.take('k', 3, 61_000), { ok: true });
});

test('rpm limit through authorize names the limit', async () => {
  const { key } = await addKey(t.repos, { rpmLimit: 2 });
  const now = Date.now();
  auth.authorize(key, 'a/m', now);
  auth.authorize(key, 'a/m', now);
  assert.throws(() => auth.authorize(key, 'a/m', now), (e: unknown) =>
    e instanceof SwitchyardError && e.status === 429 && e.code === 'RATE_LIMITED' && (e.retryAfterSec ?? 0) >= 1 && e.message.includes('2 requests per minute'));
});

test('budgets: seeded from the usage table, advanced by spend, 429 until the next UTC day', async () => {
  const now = Date.now();
  const { secret, key } = await addKey(t.repos, { dailyBudgetUsd: 1 });
  await t.repos.usage.insertMany([{ requestId: 'req_old', ts: now - 1000, keyId: key.id, api: 'chat', stream: false, provider: 'p', model: 'm', combo: null, inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, costUsd: 0.6, latencyMs: 1, ttfbMs: null, status: 200, errorCode: null, fallbackPath: [] }]);
  t.events.emit('keys');
  await authn(bearer(secret), now);
  assert.doesNotThrow(() => auth.authorize(key, 'a/m', now));
  auth.spent(key.id, 0.5, now);
  assert.throws(() => auth.authorize(key, 'a/m', now), (e: unknown) =>
    e instanceof SwitchyardError && e.code === 'BUDGET_EXCEEDED' && e.status === 429 && (e.retryAfterSec ?? 0) > 0 && (e.retryAfterSec ?? 0) <= 86_400 && e.message.includes('daily budget'));
  const tomorrow = now + 86_400_000;
  assert.doesNotThrow(() => auth.authorize(key, 'a/m', tomorrow));
});

test('last-used times are written in a batch', async () => {
  const { secret, key } = await addKey(t.repos);
  t.events.emit('keys');
  await authn(bearer(secret), 12345);
  await auth.flushLastUsed();
  assert.equal((await t.repos.keys.get(key.id))?.lastUsedAt, 12345);
});

test('shared database: a key another instance made (no local change event) is found on first use', async () => {
  const shared = createInferenceAuth({ repos: t.repos, events: t.events, logger: silentLogger, shared: true });
  const single = createInferenceAuth({ repos: t.repos, events: t.events, logger: silentLogger });
  const warm = await addKey(t.repos);
  t.events.emit('keys');
  await Promise.resolve(shared.authenticate(bearer(warm.secret), Date.now()));
  await Promise.resolve(single.authenticate(bearer(warm.secret), Date.now()));
  // Written behind both caches' backs, as another instance would before its NOTIFY arrives.
  const late = await addKey(t.repos);
  const viaShared = () => Promise.resolve().then(() => shared.authenticate(bearer(late.secret), Date.now()));
  const [first, second] = await Promise.all([viaShared(), viaShared()]);
  assert.equal(first.id, late.key.id);
  assert.equal(second.id, late.key.id);
  // One process owns its database: its map is complete, so a miss is final without asking.
  await rejects(Promise.resolve().then(() => single.authenticate(bearer(late.secret), Date.now())), 401, 'INVALID_API_KEY');
  // Still a 401 for a key nobody made.
  await rejects(Promise.resolve().then(() => shared.authenticate(bearer('sk-sy-' + 'B'.repeat(40)), Date.now())), 401, 'INVALID_API_KEY');
});
