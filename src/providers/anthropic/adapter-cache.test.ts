/* eslint-disable @typescript-eslint/no-explicit-any -- upstream and client JSON bodies, read deep and loosely in assertions */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SseParser, type ChatChunk, type ChatRequest } from '../../core/index.js';
import { anthropicAdapter as a } from './adapter.js';

const conn = { baseUrl: 'https://api.anthropic.com', credential: 'k' };
const bodyOf = (req: Partial<ChatRequest>, autoCache = false): Record<string, any> =>
  JSON.parse(a.chatRequest(conn, { model: 'claude-x', messages: [], ...req } as ChatRequest, { autoCache }).body);
const eph = { type: 'ephemeral' };

test('cache_control on chat content parts and tools (OpenRouter style) reaches the Anthropic blocks', () => {
  const body = bodyOf({
    messages: [
      { role: 'system', content: [{ type: 'text', text: 'rules' }, { type: 'text', text: 'big doc', cache_control: { type: 'ephemeral', ttl: '1h' } }] },
      { role: 'user', content: [{ type: 'text', text: 'q1', cache_control: eph }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AA' }, cache_control: eph }] },
      { role: 'assistant', content: [{ type: 'text', text: 'a1', cache_control: eph }], tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: [{ type: 'text', text: 'result', cache_control: eph }] },
    ],
    tools: [
      { type: 'function', function: { name: 'f', parameters: { type: 'object' } } },
      { type: 'function', function: { name: 'g', parameters: { type: 'object' } }, cache_control: eph } as never,
    ],
  });
  assert.deepEqual(body.system, [{ type: 'text', text: 'rules' }, { type: 'text', text: 'big doc', cache_control: { type: 'ephemeral', ttl: '1h' } }]);
  assert.deepEqual(body.messages[0].content[0], { type: 'text', text: 'q1', cache_control: eph });
  assert.deepEqual(body.messages[0].content[1].cache_control, eph);
  assert.deepEqual(body.messages[1].content[0], { type: 'text', text: 'a1', cache_control: eph });
  assert.equal(body.messages[1].content[1].cache_control, undefined, 'the tool_use block was not marked');
  assert.deepEqual(body.messages[2].content[0], { type: 'tool_result', tool_use_id: 'c1', content: 'result', cache_control: eph });
  assert.equal(body.tools[0].cache_control, undefined);
  assert.deepEqual(body.tools[1].cache_control, eph);
});

test('without cache_control the body is as before: a string system prompt, no breakpoints', () => {
  const body = bodyOf({ messages: [{ role: 'system', content: 'a' }, { role: 'system', content: [{ type: 'text', text: 'b' }] }, { role: 'user', content: 'hi' }] });
  assert.equal(body.system, 'a\n\nb');
  assert.ok(!JSON.stringify(body).includes('cache_control'));
});

test('autoCache places breakpoints on the last tool, the system prompt and the last message', () => {
  const body = bodyOf(
    {
      messages: [
        { role: 'system', content: 'instructions' },
        { role: 'user', content: 'first' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'out' },
        { role: 'user', content: 'next' },
      ],
      tools: [{ type: 'function', function: { name: 'f' } }, { type: 'function', function: { name: 'g' } }],
    },
    true,
  );
  assert.deepEqual(body.system, [{ type: 'text', text: 'instructions', cache_control: eph }]);
  assert.equal(body.tools[0].cache_control, undefined);
  assert.deepEqual(body.tools[1].cache_control, eph);
  const last = body.messages[body.messages.length - 1].content;
  assert.deepEqual(last[last.length - 1], { type: 'text', text: 'next', cache_control: eph });
  assert.equal((JSON.stringify(body).match(/cache_control/g) ?? []).length, 3, 'within Anthropic limit of 4');
});

test('autoCache leaves a request the client marked itself alone', () => {
  const body = bodyOf({ messages: [{ role: 'system', content: 'x' }, { role: 'user', content: [{ type: 'text', text: 'q', cache_control: eph }] }, { role: 'user', content: 'more' }] }, true);
  assert.equal(body.system, 'x');
  assert.equal((JSON.stringify(body).match(/cache_control/g) ?? []).length, 1);
});

test('non-stream usage: cache reads and writes are kept apart, both inside prompt_tokens', () => {
  const chat = a.parseChatResponse(
    { id: 'msg_1', content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn', usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 300, cache_creation_input_tokens: 40 } },
    'claude-x',
  );
  assert.deepEqual(chat.usage, { prompt_tokens: 350, completion_tokens: 5, total_tokens: 355, prompt_tokens_details: { cached_tokens: 300, cache_write_tokens: 40 } });
});

test('stream usage: message_start cache counts survive message_delta, and reach the usage chunk', () => {
  const t = a.chatStream('claude-x');
  const sse = [
    ['message_start', { type: 'message_start', message: { id: 'msg_1', model: 'claude-x', usage: { input_tokens: 7, output_tokens: 1, cache_read_input_tokens: 1000, cache_creation_input_tokens: 24 } } }],
    ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
    ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'hi' } }],
    ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 9 } }],
    ['message_stop', { type: 'message_stop' }],
  ]
    .map(([e, d]) => `event: ${e as string}\ndata: ${JSON.stringify(d)}\n\n`)
    .join('');
  const chunks: ChatChunk[] = [];
  for (const ev of new SseParser().pushBytes(Buffer.from(sse))) chunks.push(...t.push(ev));
  const usage = chunks.find((c) => c.usage)?.usage;
  assert.deepEqual(usage, { prompt_tokens: 1031, completion_tokens: 9, total_tokens: 1040, prompt_tokens_details: { cached_tokens: 1000, cache_write_tokens: 24 } });
});
