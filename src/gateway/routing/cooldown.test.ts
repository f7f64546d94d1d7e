import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attemptOrder, BASE_COOLDOWN_MS, HealthTracker, MAX_COOLDOWN_MS, UNHEALTHY_MS } from './cooldown.js';
import { classifyStatus, parseRetryAfter } from './fallback-policy.js';
import { resolveRoute } from './resolve.js';
import { combo, provider, snapshot } from './test-fixtures.js';

const snap = snapshot([provider('a'), provider('b')], [combo('fb', 'fallback', ['a/m1', 'b/m1'])]);
const [a, b] = resolveRoute(snap, 'fb').targets as [ReturnType<typeof resolveRoute>['targets'][0], ReturnType<typeof resolveRoute>['targets'][0]];
const names = (ts: readonly { address: string }[]) => ts.map((t) => t.address).join(',');

test('fallback rules of SPEC §1', () => {
  for (const s of [408, 409, 429, 500, 502, 503, 504]) assert.equal(classifyStatus(s), 'fallback', String(s));
  for (const s of [400, 404, 422, 413]) assert.equal(classifyStatus(s), 'return', String(s));
  for (const s of [401, 403]) assert.equal(classifyStatus(s), 'unhealthy', String(s));
});

test('Retry-After as seconds or HTTP date', () => {
  assert.equal(parseRetryAfter('7'), 7000);
  assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4000), 6000);
  assert.equal(parseRetryAfter('soon'), undefined);
  assert.equal(parseRetryAfter(undefined), undefined);
});

test('a failing target cools down with doubling backoff, then is tried again; success resets it', () => {
  const h = new HealthTracker();
  h.failure(a, 500, 'boom', undefined, 0);
  assert.equal(h.available(a, BASE_COOLDOWN_MS - 1), false);
  assert.equal(h.available(a, BASE_COOLDOWN_MS), true);
  h.failure(a, 500, 'boom', undefined, 0);
  assert.equal(h.targets.get('a/m1')?.cooldownUntil, 2 * BASE_COOLDOWN_MS);
  for (let i = 0; i < 30; i++) h.failure(a, 500, 'boom', undefined, 0);
  assert.equal(h.targets.get('a/m1')?.cooldownUntil, MAX_COOLDOWN_MS);
  h.success(a, 1);
  assert.equal(h.available(a, 1), true);
  assert.equal(h.targets.get('a/m1')?.failures, 0);
});

test('Retry-After sets the cooldown, within bounds', () => {
  const h = new HealthTracker();
  h.failure(a, 429, 'slow down', 30_000, 0);
  assert.equal(h.targets.get('a/m1')?.cooldownUntil, 30_000);
  h.failure(b, 429, 'slow down', 0, 0);
  assert.equal(h.targets.get('b/m1')?.cooldownUntil, 1000);
});

test('cooling targets are skipped while another is available; if all cool, all are tried by readiness', () => {
  const h = new HealthTracker();
  const ts = [a, b];
  assert.equal(names(attemptOrder(ts, h, 0)), 'a/m1,b/m1');
  h.failure(a, 500, 'x', 60_000, 0);
  assert.equal(names(attemptOrder(ts, h, 1)), 'b/m1');
  h.failure(b, 500, 'x', 2_000, 0);
  assert.equal(names(attemptOrder(ts, h, 1)), 'b/m1,a/m1');
});

test('an unhealthy provider is skipped for UNHEALTHY_MS or until it answers', () => {
  const h = new HealthTracker();
  h.unhealthy('a', 401, 'bad key', 0);
  assert.equal(h.available(a, UNHEALTHY_MS - 1), false);
  assert.equal(h.available(a, UNHEALTHY_MS), true);
  h.success(a, 5);
  assert.equal(h.providers.size, 0);
});
