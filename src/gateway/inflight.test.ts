import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InflightList } from './inflight.js';

test('in-flight list: add, remove from any position, values newest first, size', () => {
  const list = new InflightList<string>();
  const leaveA = list.add('a');
  const leaveB = list.add('b');
  const leaveC = list.add('c');
  const leaveD = list.add('d');
  assert.equal(list.size, 4);
  assert.deepEqual(list.values(), ['d', 'c', 'b', 'a']);
  leaveB(); // middle
  assert.deepEqual(list.values(), ['d', 'c', 'a']);
  leaveD(); // head
  assert.deepEqual(list.values(), ['c', 'a']);
  leaveA(); // tail
  assert.deepEqual(list.values(), ['c']);
  leaveA(); // twice: no effect
  assert.equal(list.size, 1);
  leaveC();
  assert.equal(list.size, 0);
  assert.deepEqual(list.values(), []);
  list.add('e');
  assert.deepEqual(list.values(), ['e']);
});

test('in-flight list: values() is a copy, so leaving while acting on it is safe', () => {
  const list = new InflightList<number>();
  const leaves = new Map<number, () => void>();
  for (let i = 0; i < 5; i++) leaves.set(i, list.add(i));
  const seen: number[] = [];
  for (const v of list.values()) {
    seen.push(v);
    leaves.get(v)?.(); // as a request would when aborted at shutdown
    leaves.get(v - 1)?.();
  }
  assert.deepEqual(seen, [4, 3, 2, 1, 0]);
  assert.equal(list.size, 0);
});
