import assert from 'node:assert/strict';
import { test } from 'node:test';
import { liftLongStrings } from '../wire/lift-strings.js';
import { restoreSplice, spliceModel, spliceModelAt, spliceModelLifted } from './splice-model.js';

const decode = (raw: Buffer) => raw.toString('utf8');

test('replaces the model pair and leaves every other byte as it was', () => {
  const raw = Buffer.from('{"model": "anthropic/claude", "max_tokens": 5, "system": "naïve"}');
  const out = spliceModel(raw, decode(raw), 'anthropic/claude', 'claude-sonnet-4');
  assert.equal(out?.toString('utf8'), '{"model":"claude-sonnet-4", "max_tokens": 5, "system": "naïve"}');
});

test('finds the right bytes when invalid UTF-8 comes before the pair, or refuses', () => {
  // 0xFF decodes to U+FFFD: one code unit for one byte. A cut 3-byte sequence (0xE2 0x82) is one U+FFFD for two bytes.
  for (const junk of [[0xff], [0xe2, 0x82], [0xf0, 0x9f, 0xa6]]) {
    const raw = Buffer.concat([Buffer.from('{"x":"'), Buffer.from(junk), Buffer.from('","model":"a/b","y":"é"}')]);
    const out = spliceModel(raw, decode(raw), 'a/b', 'b');
    if (out === null) continue; // refused: the caller re-encodes
    const expected = Buffer.concat([Buffer.from('{"x":"'), Buffer.from(junk), Buffer.from('","model":"b","y":"é"}')]);
    assert.deepEqual(out, expected, `junk ${junk.join(',')}`);
  }
  // One invalid byte and otherwise ASCII: byte i is code unit i, so this one is spliced.
  const raw = Buffer.concat([Buffer.from('{"x":"'), Buffer.from([0xff]), Buffer.from('","model":"a/b"}')]);
  assert.deepEqual(spliceModel(raw, decode(raw), 'a/b', 'b'), Buffer.concat([Buffer.from('{"x":"'), Buffer.from([0xff]), Buffer.from('","model":"b"}')]));
});

test('refuses when the pair is missing or occurs twice', () => {
  const twice = Buffer.from('{"model":"a/b","tools":[{"parameters":{"model":"a/b"}}]}');
  assert.equal(spliceModel(twice, decode(twice), 'a/b', 'b'), null);
  const escaped = Buffer.from('{"model":"a\\/b"}');
  assert.equal(spliceModel(escaped, decode(escaped), 'a/b', 'b'), null);
});

test('a model name with regular-expression characters is matched literally', () => {
  const raw = Buffer.from('{"model":"p/m.1+(x)","messages":[]}');
  assert.equal(spliceModel(raw, decode(raw), 'p/m.1+(x)', 'm')?.toString(), '{"model":"m","messages":[]}');
  const other = Buffer.from('{"model":"p/mX1+(x)","messages":[]}');
  assert.equal(spliceModel(other, decode(other), 'p/m.1+(x)', 'm'), null);
});

test('the key must be `model` itself: a longer key ending in an escaped quote and `model` is not it', () => {
  const raw = Buffer.from('{"x\\"model": "a/b", "model":\t\n"a/b"}');
  const out = spliceModel(raw, decode(raw), 'a/b', 'b');
  assert.equal(out?.toString(), '{"x\\"model": "a/b", "model":"b"}');
  assert.equal((JSON.parse(out?.toString() ?? '') as Record<string, string>)['x"model'], 'a/b');
});

test('a value that only contains the model name, or a key that only ends in "model", is left alone', () => {
  const raw = Buffer.from('{"content":"use \\"a/b\\" please","mymodel":"a/b","model":"a/b"}');
  assert.equal(spliceModel(raw, decode(raw), 'a/b', 'b')?.toString(), '{"content":"use \\"a/b\\" please","mymodel":"a/b","model":"b"}');
});

test('in place: the pair is overwritten in the same buffer, padded with spaces, and restoreSplice puts the client bytes back', () => {
  const text = '{"model": "openai/gpt-4o-mini", "messages": [{"role":"user","content":"héllo"}]}';
  const raw = Buffer.from(text);
  const out = spliceModel(raw, decode(raw), 'openai/gpt-4o-mini', 'gpt-4o-mini', { inPlace: true });
  assert.equal(out, raw, 'no copy: the same buffer goes up');
  assert.equal(raw.length, Buffer.byteLength(text));
  const sent = JSON.parse(raw.toString('utf8')) as { model: string; messages: unknown };
  assert.equal(sent.model, 'gpt-4o-mini');
  assert.deepEqual(sent.messages, [{ role: 'user', content: 'héllo' }]);
  assert.match(raw.toString('utf8'), /^\{"model":"gpt-4o-mini" +, "messages"/);
  // A second in-place splice before the restore copies instead of stacking two overwrites.
  const second = spliceModel(raw, text, 'openai/gpt-4o-mini', 'x', { inPlace: true });
  assert.equal(second, null, 'the overwritten bytes no longer match the text: refused, the caller re-encodes');
  restoreSplice(raw);
  assert.equal(raw.toString('utf8'), text);
  restoreSplice(raw); // a second restore changes nothing
  assert.equal(raw.toString('utf8'), text);
});

test('in place: a pair longer than the one it replaces is spliced into a copy, and the client bytes are untouched', () => {
  const text = '{"model":"a/b","messages":[]}';
  const raw = Buffer.from(text);
  const out = spliceModel(raw, decode(raw), 'a/b', 'a-much-longer-upstream-id', { inPlace: true });
  assert.notEqual(out, raw);
  assert.equal(out?.toString(), '{"model":"a-much-longer-upstream-id","messages":[]}');
  assert.equal(raw.toString(), text);
});

test('in place at a scanned member, and never with an insert (that needs more bytes)', () => {
  const text = '{"stream":true,"model" : "p/model-name","messages":[]}';
  const raw = Buffer.from(text);
  const keyStart = text.indexOf('"model"');
  const at = { keyStart, start: text.indexOf('"p/'), end: text.indexOf(',"messages"') };
  const withInsert = spliceModelAt(raw, at, 'model-name', { inPlace: true, insert: '"x":1,' });
  assert.notEqual(withInsert, raw);
  assert.equal(withInsert.toString(), '{"x":1,"stream":true,"model":"model-name","messages":[]}');
  assert.equal(raw.toString(), text);
  const inPlace = spliceModelAt(raw, at, 'model-name', { inPlace: true });
  assert.equal(inPlace, raw);
  assert.equal((JSON.parse(raw.toString()) as { model: string }).model, 'model-name');
  restoreSplice(raw);
  assert.equal(raw.toString(), text);
});

test('a lifted body is spliced from its skeleton, with the same bytes as from the whole text', () => {
  const text = JSON.stringify({ system: 'Größe '.repeat(100), messages: [{ role: 'user', content: 'x'.repeat(500) }], model: 'anthropic/claude-long-name', max_tokens: 5 });
  const raw = Buffer.from(text);
  const lifted = liftLongStrings(raw, 256);
  assert.ok(lifted && lifted.literals.length === 2, 'both long strings come before the model pair');
  const expected = spliceModel(Buffer.from(text), decode(raw), 'anthropic/claude-long-name', 'claude');
  assert.deepEqual(spliceModelLifted(Buffer.from(text), lifted, 'anthropic/claude-long-name', 'claude'), expected);
  const inPlace = spliceModelLifted(raw, lifted, 'anthropic/claude-long-name', 'claude', { inPlace: true });
  assert.equal(inPlace, raw);
  assert.equal((JSON.parse(raw.toString()) as { model: string }).model, 'claude');
  restoreSplice(raw);
  assert.equal(raw.toString(), text);
  assert.equal(spliceModelLifted(raw, lifted, 'other/model', 'm'), null, 'a model the body does not name');
});
