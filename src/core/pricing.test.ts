import assert from 'node:assert/strict';
import { test } from 'node:test';
import { costUsd } from './pricing.js';

const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} ≈ ${b}`);

test('cache reads and writes are priced apart from fresh input (both are inside inputTokens)', () => {
  const price = { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 };
  // 1000 input = 600 read + 300 written + 100 fresh.
  near(costUsd({ inputTokens: 1000, outputTokens: 10, cachedInputTokens: 600, cacheWriteTokens: 300 }, price), (100 * 3 + 600 * 0.3 + 300 * 3.75 + 10 * 15) / 1e6);
});

test('an absent cache price is the input price; counts beyond inputTokens are clamped', () => {
  near(costUsd({ inputTokens: 100, outputTokens: 0, cachedInputTokens: 50, cacheWriteTokens: 50 }, { input: 2, output: 1 }), (100 * 2) / 1e6);
  near(costUsd({ inputTokens: 100, outputTokens: 0, cachedInputTokens: 80, cacheWriteTokens: 80 }, { input: 1, output: 1, cachedInput: 0, cacheWrite: 10 }), (20 * 10) / 1e6);
  assert.equal(costUsd({ inputTokens: 1, outputTokens: 1 }, undefined), 0);
});
