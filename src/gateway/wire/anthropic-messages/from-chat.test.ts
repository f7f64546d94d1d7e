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
