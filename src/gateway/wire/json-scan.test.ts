import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { memberValue, scanTopLevel } from './json-scan.js';

const key = fc.string({ unit: 'grapheme', maxLength: 8 }).filter((k) => !JSON.stringify(k).includes('\\'));

test('every member of a generated object is found at its bytes, whitespace and unicode included', () => {
  fc.assert(
    fc.property(fc.dictionary(key, fc.jsonValue()), fc.boolean(), (obj, pretty) => {
      const text = JSON.stringify(obj, null, pretty ? 2 : undefined);
      const ref = JSON.parse(text) as Record<string, unknown>; // plain objects, as memberValue gives
      const bytes = Buffer.from(text);
      const members = scanTopLevel(bytes);
      assert.ok(members, text);
      // Keys are their raw bytes read as latin1: exact for the ASCII names the gateway asks for.
      const latin1 = (k: string) => Buffer.from(k).toString('latin1');
      assert.deepEqual([...members.keys()], Object.keys(ref).map(latin1));
      for (const k of Object.keys(ref)) {
        const m = members.get(latin1(k));
        assert.ok(m);
        assert.deepEqual(memberValue(bytes, m), ref[k]);
        assert.equal(bytes.toString('utf8', m.keyStart, m.keyStart + Buffer.byteLength(JSON.stringify(k))), JSON.stringify(k));
      }
    }),
    { numRuns: 1000 },
  );
});

test('strings with escaped quotes and backslashes are skipped whole', () => {
  const body = Buffer.from('{"a":"x\\\\","b":"say \\"hi\\" \\\\\\"","c":["]","}"],"model":"m"}');
  const members = scanTopLevel(body);
  assert.deepEqual([...(members?.keys() ?? [])], ['a', 'b', 'c', 'model']);
  assert.equal(memberValue(body, members?.get('model')), 'm');
  assert.deepEqual(memberValue(body, members?.get('c')), [']', '}']);
});

test('null (take the full parse) for what is not one well-formed object at the top', () => {
  for (const text of [
    '', '[]', '"x"', '{', '{"a":1', '{"a":1}x', '{"a":1}{"b":2}', '{"a" 1}', '{"a":1,}', '{a:1}', '{"a":[1}', '{"a":{]}',
    '{"a":"unterminated}', '{"a":1,"a":2}', '{"mod\\u0065l":"x"}', '{"a":}',
  ]) {
    assert.equal(scanTopLevel(Buffer.from(text)), null, text);
  }
  assert.deepEqual([...(scanTopLevel(Buffer.from(' { } '))?.keys() ?? ['none'])], []);
});
