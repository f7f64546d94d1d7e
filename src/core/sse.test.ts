import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SseParser, type SseEvent } from './sse.js';

/** Feeds `text` split at every position in `cuts`, then ends. */
function parse(text: string, cuts: number[] = []): SseEvent[] {
  const p = new SseParser();
  const out: SseEvent[] = [];
  let at = 0;
  for (const cut of [...cuts, text.length]) {
    out.push(...p.push(text.slice(at, cut)));
    at = cut;
  }
  return [...out, ...p.end()];
}

const STREAM = [
  ': a comment\n',
  'data: {"a":1}\n\n',
  'event: message_start\r\ndata: {"b":2}\r\n\r\n',
  'data:no-space\n\n',
  'data: line one\ndata: line two\n\n',
  'event: ping\n\n', // no data: no event
  'data\n\n', // a field without a colon: empty data
  'id: 7\nretry: 10\ndata:  two spaces keeps one\n\n',
  'event: x\ndata: last without blank line',
].join('');

const EXPECTED: SseEvent[] = [
  { event: undefined, data: '{"a":1}' },
  { event: 'message_start', data: '{"b":2}' },
  { event: undefined, data: 'no-space' },
  { event: undefined, data: 'line one\nline two' },
  { event: undefined, data: '' },
  { event: undefined, data: ' two spaces keeps one' },
  { event: 'x', data: 'last without blank line' },
];

test('SSE: comments, CRLF, events, multi-line data, fields without a colon, unknown fields, a last unterminated event', () => {
  assert.deepEqual(parse(STREAM), EXPECTED);
});

test('SSE: the same events whichever way the text is split into chunks', () => {
  for (let cut = 1; cut < STREAM.length; cut++) assert.deepEqual(parse(STREAM, [cut]), EXPECTED, `split at ${cut}`);
  const everyChar = Array.from({ length: STREAM.length - 1 }, (_, i) => i + 1);
  assert.deepEqual(parse(STREAM, everyChar), EXPECTED);
});

test('SSE: a CR split from its LF, and an event name carried over a chunk boundary', () => {
  const p = new SseParser();
  assert.deepEqual(p.push('event: delta\r'), []);
  assert.deepEqual(p.push('\ndata: {"x":"y"}\r'), []);
  assert.deepEqual(p.push('\n\r\n'), [{ event: 'delta', data: '{"x":"y"}' }]);
  assert.deepEqual(p.end(), []);
});

test('SSE: bytes cut inside a multi-byte character decode whole', () => {
  const bytes = Buffer.from('data: ümlaut 😀\n\n');
  const p = new SseParser();
  const out: SseEvent[] = [];
  for (let i = 0; i < bytes.length; i++) out.push(...p.pushBytes(bytes.subarray(i, i + 1)));
  assert.deepEqual(out, [{ event: undefined, data: 'ümlaut 😀' }]);
});

test('SSE: a byte-order mark before the first field is dropped, even when its bytes are split', () => {
  const bytes = Buffer.from('\ufeffdata: x\n\n');
  const p = new SseParser();
  const out = [...p.pushBytes(bytes.subarray(0, 1)), ...p.pushBytes(bytes.subarray(1, 2)), ...p.pushBytes(bytes.subarray(2))];
  assert.deepEqual(out, [{ event: undefined, data: 'x' }]);
  assert.deepEqual(new SseParser().push('\ufeffdata: y\n\n'), [{ event: undefined, data: 'y' }]);
  assert.deepEqual(new SseParser().push('data: \ufeffz\n\n'), [{ event: undefined, data: '\ufeffz' }], 'only a leading one');
});

test('SSE: a stream that ends inside a character flushes it as U+FFFD with the last event', () => {
  const p = new SseParser();
  assert.deepEqual(p.pushBytes(Buffer.from([...Buffer.from('data: ab'), 0xe2, 0x82])), []);
  assert.deepEqual(p.end(), [{ event: undefined, data: 'ab\ufffd' }]);
});
