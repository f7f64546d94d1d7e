import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SwitchyardError } from '../../core/index.js';
import { resolveRoute } from './resolve.js';
import { combo, provider, snapshot } from './test-fixtures.js';

const snap = snapshot(
  [provider('a'), provider('b'), provider('off', { enabled: false }), provider('openai', { preset: 'openai', models: [] })],
  [combo('best', 'fallback', ['a/m1', 'off/m1', 'ghost/x', 'b/m2']), combo('empty', 'fallback', ['off/m1'])],
);

test('provider/model resolves to one target with the listed price, or the catalog price', () => {
  const r = resolveRoute(snap, 'a/m1');
  assert.equal(r.combo, null);
  assert.equal(r.targets[0]?.address, 'a/m1');
  assert.deepEqual(r.targets[0]?.price, { input: 1, output: 2 });
  assert.equal(resolveRoute(snap, 'a/unlisted').targets[0]?.price, undefined);
  assert.equal(resolveRoute(snap, 'openai/gpt-4o').targets[0]?.price?.input, 2.5);
  assert.equal(resolveRoute(snap, 'a/m1').targets[0], r.targets[0], 'targets are cached');
});

test('a combo resolves to its targets on enabled providers, in stored order', () => {
  const r = resolveRoute(snap, 'best');
  assert.equal(r.combo?.name, 'best');
  assert.deepEqual(r.targets.map((t) => t.address), ['a/m1', 'b/m2']);
});

test('unknown and disabled models are 404s that say how to see the catalog', () => {
  for (const m of ['ghost/m1', 'off/m1', 'nocombo']) {
    assert.throws(() => resolveRoute(snap, m), (e: unknown) =>
      e instanceof SwitchyardError && e.status === 404 && e.code === 'MODEL_NOT_FOUND' && e.message.includes('GET /v1/models'));
  }
  assert.throws(() => resolveRoute(snap, 'empty'), (e: unknown) => e instanceof SwitchyardError && e.status === 503);
});
