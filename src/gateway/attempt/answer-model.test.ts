import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renameJsonModel, streamModelRenamer } from './answer-model.js';

const START = 'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[]}}\n\n';
const THINK = 'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}\n\n';

function run(chunks: string[], requested: string): string {
  const r = streamModelRenamer(requested);
  let out = '';
  for (const c of chunks) out += r.push(Buffer.from(c))?.toString('utf8') ?? '';
  return out + (r.flush()?.toString('utf8') ?? '');
}

test('message_start names the requested model; every other byte is the upstream’s', () => {
  const expected = START.replace('"model":"claude-sonnet-4-5"', '"model":"anth/claude-sonnet-4-5"') + THINK;
  assert.equal(run([START + THINK], 'anth/claude-sonnet-4-5'), expected);
});

test('a message_start split across chunks is held until whole, then renamed', () => {
  const whole = START + THINK;
  const r = streamModelRenamer('anth/x');
  assert.equal(r.push(Buffer.from(whole.slice(0, 40))), null, 'nothing sent before the first event is whole');
  const rest = r.push(Buffer.from(whole.slice(40)))?.toString('utf8');
  assert.match(String(rest), /"model":"anth\/x"/);
  assert.equal(r.push(Buffer.from('later'))?.toString('utf8'), 'later', 'after the first event chunks pass as they are');
  // Byte by byte too.
  assert.equal(run([...whole], 'anth/x'), whole.replace('"model":"claude-sonnet-4-5"', '"model":"anth/x"'));
});

test('a stream that does not open with message_start, or already names the model, passes unchanged', () => {
  const ping = 'event: ping\ndata: {"type":"ping"}\n\n';
  assert.equal(run([ping + START], 'anth/x'), ping + START);
  assert.equal(run([START], 'claude-sonnet-4-5'), START);
  assert.equal(run(['data: not json\n\n'], 'anth/x'), 'data: not json\n\n');
  assert.equal(run(['event: message_start\ndata: {"type":"mess'], 'anth/x'), 'event: message_start\ndata: {"type":"mess', 'what is held when the stream ends is flushed');
});

test('CRLF-separated events are recognised', () => {
  const crlf = START.replaceAll('\n', '\r\n');
  assert.match(run([crlf + 'x'], 'anth/x'), /"model":"anth\/x".*\r\n\r\nx$/s);
});

test('a JSON answer names the requested model; without a model it is unchanged', () => {
  const raw = Buffer.from('{"id":"msg_1","model":"claude-sonnet-4-5","content":[{"type":"text","text":"naïve"}]}');
  const out = renameJsonModel(raw, JSON.parse(raw.toString('utf8')), 'anth/claude-sonnet-4-5');
  assert.equal(out.toString('utf8'), '{"id":"msg_1","model":"anth/claude-sonnet-4-5","content":[{"type":"text","text":"naïve"}]}');
  const none = Buffer.from('{"id":"msg_1"}');
  assert.equal(renameJsonModel(none, { id: 'msg_1' }, 'anth/x'), none);
});
