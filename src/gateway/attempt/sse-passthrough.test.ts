import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findUsage } from '../usage/sniff.js';
import { SsePassthrough } from './sse-passthrough.js';

const usage = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };
const frames = [
  'data: {"id":"c","choices":[{"index":0,"delta":{"role":"assistant","content":""}}],"usage":null}\n\n',
  'data: {"id":"c","choices":[{"index":0,"delta":{"content":"usage: {not json}"}}],"usage":null}\n\n',
  'data: {"id":"c","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}\n\n',
  `data: {"id":"c","choices":[],"usage":${JSON.stringify(usage)}}\n\n`,
  'data: [DONE]\n\n',
];
const whole = frames.join('');

function run(p: SsePassthrough, pieces: string[]): string {
  let out = '';
  for (const piece of pieces) out += p.push(Buffer.from(piece))?.toString() ?? '';
  return out + (p.end()?.toString() ?? '');
}

test('forwards bytes untouched and learns usage when the client asked for it', () => {
  const p = new SsePassthrough(false);
  assert.equal(run(p, frames), whole);
  assert.deepEqual(p.usage, usage);
  assert.equal(p.sawDone, true);
});

test('cuts only the usage-only chunk when the client did not ask, across any split', () => {
  const expected = whole.replace(frames[3] as string, '');
  for (const size of [1, 3, 17, 64, whole.length]) {
    const pieces: string[] = [];
    for (let i = 0; i < whole.length; i += size) pieces.push(whole.slice(i, i + size));
    const p = new SsePassthrough(true);
    assert.equal(run(p, pieces), expected, `split ${size}`);
    assert.deepEqual(p.usage, usage);
    assert.equal(p.sawDone, true);
  }
});

test('usage on a content chunk (some providers) is kept, not cut', () => {
  const f = `data: {"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"stop"}],"usage": {"prompt_tokens": 2, "completion_tokens": 1, "total_tokens": 3}}\r\n\r\n`;
  const p = new SsePassthrough(true);
  assert.equal(run(p, [f]), f);
  assert.equal(p.usage?.completion_tokens, 1);
  assert.equal(p.sawDone, false);
});

test('an error frame is noticed and forwarded', () => {
  const p = new SsePassthrough(true);
  const f = 'data: {"error":{"message":"overloaded"}}\n\n';
  assert.equal(run(p, [f]), f);
  assert.equal(p.sawError, true);
});

test('findUsage skips null usage and reads nested details', () => {
  const b = Buffer.from('{"usage":null,"x":{"usage" : {"prompt_tokens":5,"prompt_tokens_details":{"cached_tokens":2},"completion_tokens":1}}}');
  assert.equal(findUsage(b)?.usage.prompt_tokens_details?.cached_tokens, 2);
  assert.equal(findUsage(Buffer.from('{"usage":{"prompt_tokens":1')), null);
});
