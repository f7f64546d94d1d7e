import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import type { ChatChunk } from '../../../core/index.js';
import { SseParser, SwitchyardError } from '../../../core/index.js';
import { messagesWire } from './index.js';

const ctx = { requestId: 'req_s1', requestedModel: 'mock/claude', created: 1763800000 };

function chunks(name: string): ChatChunk[] {
  const text = readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
  const p = new SseParser();
  return [...p.push(text), ...p.end()].filter((e) => e.data !== '[DONE]').map((e) => JSON.parse(e.data) as ChatChunk);
}

function encode(name: string, fail?: SwitchyardError): string {
  const enc = messagesWire.streamEncoder(ctx);
  let out = enc.start();
  for (const c of chunks(name)) out += enc.chunk(c);
  return out + (fail ? enc.error(fail) : enc.end());
}

function eventNames(sse: string): (string | undefined)[] {
  const p = new SseParser();
  return [...p.push(sse), ...p.end()].map((e) => e.event);
}

function sdkOver(sse: string): Anthropic {
  return new Anthropic({
    apiKey: 'sk-test',
    baseURL: 'http://gateway.invalid',
    fetch: async () => new Response(sse, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
  });
}

const params = { model: 'mock/claude', max_tokens: 100, messages: [{ role: 'user' as const, content: 'hi' }] };

test('text streams as message_start, one text block, message_delta and message_stop', async () => {
  const sse = encode('chat-text.chunks.txt');
  assert.deepEqual(eventNames(sse), [
    'message_start',
    'content_block_start',
    'content_block_delta',
    'content_block_delta',
    'content_block_delta',
    'content_block_stop',
    'message_delta',
    'message_stop',
  ]);
  const final = await sdkOver(sse).messages.stream(params).finalMessage();
  assert.deepEqual(final.content.map((b) => (b.type === 'text' ? b.text : b.type)), ['Hello, world!']);
  assert.equal(final.stop_reason, 'end_turn');
  assert.equal(final.usage.output_tokens, 4);
  assert.equal(final.usage.input_tokens, 13);
  assert.equal(final.usage.cache_read_input_tokens, 8);
});

test('tool calls stream as tool_use blocks whose split JSON the SDK reassembles', async () => {
  const final = await sdkOver(encode('chat-tools.chunks.txt')).messages.stream(params).finalMessage();
  assert.equal(final.stop_reason, 'tool_use');
  assert.deepEqual(
    final.content.map((b) => (b.type === 'tool_use' ? [b.id, b.name, b.input] : [b.type])),
    [['text'], ['call_w1', 'get_weather', { city: 'Paris' }], ['call_t2', 'get_time', { tz: 'CET' }]],
  );
});

test('a failure mid-stream becomes an Anthropic error event the SDK throws', async () => {
  const sse = encode('chat-text.chunks.txt', new SwitchyardError('UPSTREAM_ERROR', 'upstream reset', { expose: true }));
  assert.equal(eventNames(sse).at(-1), 'error');
  await assert.rejects(sdkOver(sse).messages.stream(params).finalMessage(), (err: unknown) => {
    assert.ok(err instanceof Anthropic.APIError);
    assert.match(String(err.message), /upstream reset/);
    return true;
  });
});
