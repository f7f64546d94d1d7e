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

// Gemini 3 (through chat) signs a function call and the last text part of an answer; the
// signatures arrive as opaque reasoning_details after the text ("Calling.", then the call).
test('opaque reasoning after text goes into a thinking block before the next tool call, never after the last text', async () => {
  const sealed: unknown[] = [];
  const enc = messagesWire.streamEncoder({ ...ctx, seal: (r) => (sealed.push(r), `sy1.seal${sealed.length}`) });
  const delta = (d: Record<string, unknown>, finish: string | null = null): ChatChunk =>
    ({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: d, finish_reason: finish }] }) as ChatChunk;
  const callSig = { type: 'thought_signature', signature: 'SIG-CALL', call_id: 'call_1' };
  const textSig = { type: 'thought_signature', signature: 'SIG-TEXT' };
  let sse = enc.start();
  sse += enc.chunk(delta({ reasoning_content: 'Thinking first.' }));
  sse += enc.chunk(delta({ content: 'Calling.' }));
  sse += enc.chunk(delta({ reasoning_details: [callSig], tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls"}' } }] }, 'tool_calls'));
  sse += enc.end();
  const first = await sdkOver(sse).messages.stream(params).finalMessage();
  assert.deepEqual(first.content.map((b) => b.type), ['thinking', 'text', 'thinking', 'tool_use']);
  assert.deepEqual(sealed[1], { text: undefined, details: [callSig] }, 'the call signature is sealed into the thinking block before the call');

  const enc2 = messagesWire.streamEncoder({ ...ctx, seal: () => 'sy1.x' });
  let sse2 = enc2.start() + enc2.chunk(delta({ reasoning_content: 'Hmm.' })) + enc2.chunk(delta({ content: 'FINAL' }));
  sse2 += enc2.chunk(delta({ content: '', reasoning_details: [textSig] }, 'stop')) + enc2.end();
  const last = await sdkOver(sse2).messages.stream(params).finalMessage();
  assert.deepEqual(last.content.map((b) => (b.type === 'text' ? b.text : b.type)), ['thinking', 'FINAL'], 'the answer still ends with its text');
});
