import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import OpenAI from 'openai';
import type { ChatChunk } from '../../../core/index.js';
import { SseParser, SwitchyardError } from '../../../core/index.js';
import { responsesWire } from './index.js';

const ctx = { requestId: 'req_feed', requestedModel: 'mock/gpt', created: 1763800000 };

function chunks(name: string): ChatChunk[] {
  const text = readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
  const p = new SseParser();
  return [...p.push(text), ...p.end()].filter((e) => e.data !== '[DONE]').map((e) => JSON.parse(e.data) as ChatChunk);
}

function encode(name: string, fail?: SwitchyardError): string {
  const enc = responsesWire.streamEncoder(ctx);
  let out = enc.start();
  for (const c of chunks(name)) out += enc.chunk(c);
  return out + (fail ? enc.error(fail) : enc.end());
}

function events(sse: string): { type: string; sequence_number: number; [k: string]: unknown }[] {
  const p = new SseParser();
  return [...p.push(sse), ...p.end()].map((e) => {
    const data = JSON.parse(e.data);
    assert.equal(e.event, data.type, 'event name equals data.type');
    return data;
  });
}

/** The official SDK, reading our bytes as if they came from api.openai.com. */
function sdkOver(sse: string): OpenAI {
  return new OpenAI({
    apiKey: 'sk-test',
    baseURL: 'http://gateway.invalid/v1',
    fetch: async () => new Response(sse, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
  });
}

test('text streams as the full event sequence with increasing sequence numbers', () => {
  const evs = events(encode('chat-text.chunks.txt'));
  assert.deepEqual(
    evs.map((e) => e.type),
    [
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ],
  );
  assert.deepEqual(evs.map((e) => e.sequence_number), evs.map((_, i) => i));
  const done = evs.at(-1)?.response as { usage: { input_tokens: number; input_tokens_details: { cached_tokens: number } } };
  assert.equal(done.usage.input_tokens, 21);
  assert.equal(done.usage.input_tokens_details.cached_tokens, 8);
});

test('the openai SDK accumulates the text stream into the final response', async () => {
  const stream = sdkOver(encode('chat-text.chunks.txt')).responses.stream({ model: 'mock/gpt', input: 'hi' });
  const final = await stream.finalResponse();
  assert.equal(final.output_text, 'Hello, world!');
  assert.equal(final.status, 'completed');
  assert.equal(final.usage?.total_tokens, 25);
});

test('split tool-call arguments arrive whole, with the upstream call ids kept', async () => {
  const sse = encode('chat-tools.chunks.txt');
  const types = events(sse).map((e) => e.type);
  assert.ok(types.includes('response.function_call_arguments.delta'));
  assert.equal(types.filter((t) => t === 'response.function_call_arguments.done').length, 2);
  const final = await sdkOver(sse).responses.stream({ model: 'mock/gpt', input: 'hi' }).finalResponse();
  const calls = final.output.filter((o) => o.type === 'function_call');
  assert.deepEqual(
    calls.map((c) => [c.call_id, c.name, JSON.parse(c.arguments)]),
    [
      ['call_w1', 'get_weather', { city: 'Paris' }],
      ['call_t2', 'get_time', { tz: 'CET' }],
    ],
  );
  assert.equal(final.output_text, 'Let me check.');
});

test('a failure mid-stream ends with error and response.failed events the SDK sees', async () => {
  const err = new SwitchyardError('UPSTREAM_ERROR', 'upstream connection reset');
  const sse = encode('chat-text.chunks.txt', err);
  const evs = events(sse);
  assert.deepEqual(evs.slice(-2).map((e) => e.type), ['error', 'response.failed']);
  const failed = evs.at(-1)?.response as { status: string; error: { code: string; message: string } };
  assert.equal(failed.status, 'failed');
  assert.equal(failed.error.code, 'upstream_error');
  const seen: string[] = [];
  for await (const ev of await sdkOver(sse).responses.create({ model: 'mock/gpt', input: 'hi', stream: true })) {
    seen.push(ev.type);
  }
  assert.equal(seen.at(-1), 'response.failed');
});

test('reasoning_content streams as a reasoning summary item before the message', async () => {
  const sse = encode('chat-reasoning.chunks.txt');
  const types = events(sse).map((e) => e.type);
  assert.ok(types.indexOf('response.reasoning_summary_text.delta') < types.indexOf('response.output_text.delta'));
  const final = await sdkOver(sse).responses.stream({ model: 'mock/gpt', input: 'hi' }).finalResponse();
  assert.deepEqual(final.output.map((o) => o.type), ['reasoning', 'message']);
  const reasoning = final.output[0];
  assert.ok(reasoning?.type === 'reasoning');
  assert.equal(reasoning.summary[0]?.text, 'The user greets me. Reply politely.');
  assert.equal(final.output_text, 'Hi there!');
  assert.equal(final.usage?.output_tokens_details.reasoning_tokens, 12);
});

test('every event is exactly JSON.stringify of {type, sequence_number, …payload}, deltas with quotes, newlines and non-ASCII included', () => {
  const enc = responsesWire.streamEncoder(ctx);
  const pieces = ['say "hi"', 'back\\slash', 'new\nline\ttab', 'ümlaut 😀 \u2028 end', '\ud800 lone'];
  const chunk = (content: string): ChatChunk => ({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] });
  let sse = enc.start();
  for (const p of pieces) sse += enc.chunk(chunk(p));
  sse += enc.end();
  const p = new SseParser();
  const frames = [...p.push(sse), ...p.end()];
  let text = '';
  for (const f of frames) {
    const o = JSON.parse(f.data) as { type: string; sequence_number: number; delta?: string };
    const { type, sequence_number, ...rest } = o;
    assert.equal(f.data, JSON.stringify({ type, sequence_number, ...rest }), f.data);
    assert.equal(f.event, type);
    if (type === 'response.output_text.delta') text += o.delta;
  }
  assert.equal(text, pieces.join(''), 'every delta arrives unchanged, a lone surrogate as its escape');
});

test('every event of every recorded stream is exactly JSON.stringify of its parse, and the final response holds the items as they were closed', () => {
  for (const name of ['chat-text.chunks.txt', 'chat-tools.chunks.txt', 'chat-reasoning.chunks.txt']) {
    const p = new SseParser();
    const frames = [...p.push(encode(name)), ...p.end()];
    const done: unknown[] = [];
    for (const f of frames) {
      const o = JSON.parse(f.data) as { type: string; sequence_number: number; item?: unknown; output_index?: number };
      const { type, sequence_number, ...rest } = o;
      assert.equal(f.data, JSON.stringify({ type, sequence_number, ...rest }), `${name}: ${f.data}`);
      if (type === 'response.output_item.done') done[o.output_index!] = o.item;
    }
    const last = JSON.parse(frames.at(-1)!.data) as { type: string; response: { output: unknown[]; status: string } };
    assert.equal(last.type, 'response.completed', name);
    assert.equal(last.response.status, 'completed', name);
    assert.ok(done.length > 0, name);
    assert.deepEqual(last.response.output, done, name);
  }
});
