import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { ChatResponse } from '../../../core/index.js';
import { SwitchyardError } from '../../../core/index.js';
import { messagesWire } from './index.js';

const ctx = { requestId: 'req_77aa', requestedModel: 'claude-combo', created: 1763800000 };
const toolsResponse = JSON.parse(
  readFileSync(new URL('./__fixtures__/chat-tools.json', import.meta.url), 'utf8'),
) as ChatResponse;

test('a chat completion with a tool call becomes text and tool_use blocks', () => {
  assert.deepEqual(messagesWire.render(toolsResponse, ctx), {
    id: 'msg_77aa',
    type: 'message',
    role: 'assistant',
    model: 'claude-combo',
    content: [
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'call_w1', name: 'get_weather', input: { city: 'Paris' } },
    ],
    stop_reason: 'tool_use',
    stop_sequence: null,
    usage: { input_tokens: 16, output_tokens: 30, cache_read_input_tokens: 64, cache_creation_input_tokens: 0 },
  });
});

test('finish reasons map to stop reasons', () => {
  const withFinish = (finish_reason: ChatResponse['choices'][number]['finish_reason']): unknown =>
    (messagesWire.render({ ...toolsResponse, choices: [{ index: 0, message: { role: 'assistant', content: 'x' }, finish_reason }] }, ctx) as {
      stop_reason: string;
    }).stop_reason;
  assert.equal(withFinish('stop'), 'end_turn');
  assert.equal(withFinish('length'), 'max_tokens');
  assert.equal(withFinish('content_filter'), 'refusal');
});

test('errors render as Anthropic error objects with the right type', () => {
  const cases: [SwitchyardError, string][] = [
    [new SwitchyardError('VALIDATION_FAILED', 'bad'), 'invalid_request_error'],
    [new SwitchyardError('INVALID_API_KEY', 'bad key'), 'authentication_error'],
    [new SwitchyardError('MODEL_NOT_ALLOWED', 'no'), 'permission_error'],
    [new SwitchyardError('MODEL_NOT_FOUND', 'no'), 'not_found_error'],
    [new SwitchyardError('RATE_LIMITED', 'slow'), 'rate_limit_error'],
    [new SwitchyardError('UPSTREAM_ERROR', 'x'), 'api_error'],
    [new SwitchyardError('NO_TARGET_AVAILABLE', 'x'), 'overloaded_error'],
  ];
  for (const [err, type] of cases) {
    const { status, body } = messagesWire.renderError(err);
    assert.equal(status, err.status);
    const parsed = JSON.parse(body);
    assert.equal(parsed.type, 'error');
    assert.equal(parsed.error.type, type);
  }
});

test('cache reads and writes come back in their own fields, taken out of input_tokens (stream and non-stream)', () => {
  const usage = { prompt_tokens: 1350, completion_tokens: 5, total_tokens: 1355, prompt_tokens_details: { cached_tokens: 1000, cache_write_tokens: 300 } };
  const want = { input_tokens: 50, output_tokens: 5, cache_read_input_tokens: 1000, cache_creation_input_tokens: 300 };
  assert.deepEqual((messagesWire.render({ ...toolsResponse, usage }, ctx) as { usage: unknown }).usage, want);
  const enc = messagesWire.streamEncoder(ctx);
  let out = enc.start();
  out += enc.chunk({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: 'stop' }] });
  out += enc.chunk({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage });
  out += enc.end();
  const delta = out.split('\n').find((l) => l.startsWith('data:') && l.includes('"message_delta"')) ?? '';
  assert.deepEqual((JSON.parse(delta.slice(5)) as { usage: unknown }).usage, want);
});
