import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveRoute } from './resolve.js';
import { orderTargets, RoundRobinState } from './strategies.js';
import { combo, provider, snapshot } from './test-fixtures.js';

const snap = snapshot([provider('a'), provider('b'), provider('c')], [
  combo('fb', 'fallback', ['a/m1', 'b/m1', 'c/m1']),
  combo('rr', 'round-robin', ['a/m1', 'b/m1', 'c/m1']),
  combo('w', 'weighted', [['a/m1', 1], ['b/m1', 3], ['c/m1', 0]]),
]);
const order = (name: string, rr: RoundRobinState, random?: () => number) => {
  const r = resolveRoute(snap, name);
  return orderTargets(r.combo, r.targets, rr, random).map((t) => t.provider.name).join('');
};

test('fallback keeps the stored order', () => {
  assert.equal(order('fb', new RoundRobinState()), 'abc');
});

test('round-robin rotates the first target and keeps the rest as fallbacks', () => {
  const rr = new RoundRobinState();
  assert.deepEqual([1, 2, 3, 4].map(() => order('rr', rr)), ['abc', 'bca', 'cab', 'abc']);
});

test('weighted draws the first target in proportion to weight; weight 0 only as a last resort', () => {
  const rr = new RoundRobinState();
  const firsts = { a: 0, b: 0, c: 0 };
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (let i = 0; i < 4000; i++) {
    const o = order('w', rr, random);
    firsts[o[0] as 'a' | 'b' | 'c'] += 1;
    assert.equal(o.length, 3);
    assert.equal(o[2], 'c');
  }
  assert.equal(firsts.c, 0);
  assert.ok(firsts.b > firsts.a * 2 && firsts.b < firsts.a * 4, JSON.stringify(firsts));
});
