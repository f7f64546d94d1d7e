import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HealthTracker } from './cooldown.js';
import { shareHealth, type HealthChannel } from './shared-health.js';
import { makeTarget, toRouteProvider } from './build-snapshot.js';
import type { Target } from './types.js';

/** Two trackers joined by an in-memory channel that, like NOTIFY, does not echo to the sender. */
function pair(): [HealthTracker, HealthTracker] {
  const listeners: ((p: string) => void)[][] = [[], []];
  const channel = (me: 0 | 1): HealthChannel => ({
    publishHealth: (p) => listeners[me === 0 ? 1 : 0]?.forEach((fn) => fn(p)),
    onHealth: (fn) => void listeners[me]?.push(fn),
  });
  const a = new HealthTracker();
  const b = new HealthTracker();
  shareHealth(a, channel(0));
  shareHealth(b, channel(1));
  return [a, b];
}

const target = (): Target =>
  makeTarget(toRouteProvider({ id: 'p1', name: 'up', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', preset: null, models: [{ id: 'm' }], credential: 'x', enabled: true, supportsResponses: false, createdAt: 0, updatedAt: 0 } as never, 'x'), 'm');

test("a 429 cooldown on one instance makes the other skip the target until it ends; neither echoes it back", () => {
  const [a, b] = pair();
  const t = target();
  const now = Date.now();
  assert.equal(b.available(t, now), true);
  a.failure(t, 429, 'slow down', 30_000, now);
  assert.equal(b.available(t, now + 1), false);
  assert.equal(b.available(t, now + 30_001), true);
  assert.equal(a.targets.get(t.address)?.failures, 1, 'no echo doubled the failure');
  assert.equal(b.targets.get(t.address)?.lastStatus, 429);
});

test('a refused credential marks the provider unhealthy on the other instance; a shorter remote cooldown never shortens a local one', () => {
  const [a, b] = pair();
  const t = target();
  const now = Date.now();
  a.unhealthy('up', 401, 'bad key', now);
  assert.equal(b.available(t, now + 1000), false);
  b.failure(t, 503, 'down', 120_000, now);
  a.failure(t, 503, 'down', 1_000, now); // sends a 1 s cooldown
  assert.ok((b.targets.get(t.address)?.cooldownUntil ?? 0) >= now + 120_000);
});
