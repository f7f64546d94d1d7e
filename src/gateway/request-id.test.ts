import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextRequestId } from './request-id.js';

test('request ids keep the req_ + 24 hex format', () => {
  for (let i = 0; i < 2000; i++) assert.match(nextRequestId(), /^req_[0-9a-f]{24}$/);
});

test('request ids sort by time, so the usage primary key is appended to', () => {
  const a = nextRequestId(1_700_000_000_000);
  const b = nextRequestId(1_700_000_000_001);
  const c = nextRequestId(1_800_000_000_000);
  assert.ok(a < b && b < c, `${a} < ${b} < ${c}`);
  assert.equal(a.slice(4, 16), (1_700_000_000_000).toString(16).padStart(12, '0'));
});

test('ids made in the same millisecond still differ (and across pool refills)', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 5000; i++) seen.add(nextRequestId(1_700_000_000_000));
  assert.equal(seen.size, 5000);
});
