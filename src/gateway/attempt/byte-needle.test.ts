import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteNeedle } from './byte-needle.js';

test('finds what Buffer.indexOf finds, wherever it is', () => {
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
  const alphabet = Buffer.from('"usage:{}ab \n');
  for (let round = 0; round < 3000; round++) {
    const buf = Buffer.from(Array.from({ length: rnd(300) }, () => alphabet[rnd(alphabet.length)] as number));
    const needle = round % 3 === 0 ? Buffer.from('"usage"') : Buffer.from(Array.from({ length: 1 + rnd(4) }, () => alphabet[rnd(4)] as number));
    const from = rnd(20);
    assert.equal(new ByteNeedle(needle).indexIn(buf, from), buf.indexOf(needle, from), `${JSON.stringify(buf.toString())} / ${JSON.stringify(needle.toString())} from ${from}`);
  }
});

test('edges: at the start, at the very end, overlapping prefixes, longer than the buffer', () => {
  const n = new ByteNeedle(Buffer.from('"usage"'));
  assert.equal(n.indexIn(Buffer.from('"usage":null')), 0);
  assert.equal(n.indexIn(Buffer.from('{"x":1,"usage"')), 7);
  assert.equal(n.indexIn(Buffer.from('""usage""usage"'), 1), 1);
  assert.equal(n.indexIn(Buffer.from('"usag')), -1);
  assert.equal(n.indexIn(Buffer.from('"Usage"')), -1);
  assert.equal(new ByteNeedle(Buffer.from('aab')).indexIn(Buffer.from('aaab')), 1);
  assert.throws(() => new ByteNeedle(Buffer.alloc(0)), RangeError);
});
