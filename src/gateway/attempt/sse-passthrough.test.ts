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

test('[DONE] is seen whatever the line endings, and at the end of a stream without a blank line', () => {
  for (const done of ['data: [DONE]\n\n', 'data: [DONE]\r\n\r\n', 'data: [DONE]\n\r\n', 'data: [DONE]']) {
    const p = new SsePassthrough(false);
    run(p, [frames[0] as string, done]);
    assert.equal(p.sawDone, true, JSON.stringify(done));
  }
  const p = new SsePassthrough(false);
  run(p, [frames[0] as string, 'data: {"content":"[DONE] is a word"}\n\n']);
  assert.equal(p.sawDone, false, '[DONE] inside a message is not the end');
});

test('an error frame after other frames in one chunk is noticed, small chunk or large', () => {
  for (const pad of [0, 5000]) {
    const p = new SsePassthrough(true);
    const big = `data: {"choices":[{"index":0,"delta":{"content":"${'x'.repeat(pad)}"}}]}\n\n`;
    const chunk = big + 'data: {"error":{"message":"overloaded"}}\n\n';
    assert.equal(run(p, [chunk]), chunk);
    assert.equal(p.sawError, true, `padding ${pad}`);
  }
});

test('a chunk larger than the one-pass limit is treated the same (usage cut, [DONE] seen)', () => {
  const padded = frames.map((f, i) => (i === 1 ? f.replace('usage: {not json}', 'y'.repeat(5000)) : f));
  const all = padded.join('');
  const p = new SsePassthrough(true);
  assert.equal(run(p, [all]), all.replace(padded[3] as string, ''));
  assert.deepEqual(p.usage, usage);
  assert.equal(p.sawDone, true);
});

test('findUsage skips null usage and reads nested details', () => {
  const b = Buffer.from('{"usage":null,"x":{"usage" : {"prompt_tokens":5,"prompt_tokens_details":{"cached_tokens":2},"completion_tokens":1}}}');
  assert.equal(findUsage(b)?.usage.prompt_tokens_details?.cached_tokens, 2);
  assert.equal(findUsage(Buffer.from('{"usage":{"prompt_tokens":1')), null);
});
