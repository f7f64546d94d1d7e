import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { createReasoningSealer } from './seal.js';

function capture() {
  const lines: unknown[] = [];
  return { lines, logger: { warn: (obj: unknown, msg?: string) => void lines.push([obj, msg]) } };
}

test('a seal opens to exactly what was sealed, 1 MB of reasoning included', () => {
  const s = createReasoningSealer(randomBytes(32));
  const text = randomBytes(768 * 1024).toString('base64'); // 1 MiB of text, incompressible
  const r = { provider: 'ds', model: 'm', text, details: [{ type: 'thinking' as const, thinking: 'x', signature: 'sig' }] };
  const sealed = s.seal(r);
  assert.ok(sealed !== undefined && sealed.startsWith('sy1.'));
  assert.deepEqual(s.open(sealed), r);
});

test('a tampered or foreign seal is dropped with a warning, never thrown', () => {
  const { lines, logger } = capture();
  const s = createReasoningSealer(randomBytes(32), logger);
  const sealed = s.seal({ provider: 'ds', model: 'm', text: 'thoughts' }) as string;
  const flipped = sealed.slice(0, 20) + (sealed[20] === 'A' ? 'B' : 'A') + sealed.slice(21);
  assert.equal(s.open(flipped), null);
  assert.equal(createReasoningSealer(randomBytes(32), logger).open(sealed), null);
  assert.equal(s.open('not a seal'), null);
  assert.equal(lines.length, 3);
});

test('sealing off: nothing sealed, nothing opened', () => {
  const off = createReasoningSealer(null);
  assert.equal(off.seal({ provider: 'p', model: 'm', text: 't' }), undefined);
  assert.equal(off.enabled, false);
});
