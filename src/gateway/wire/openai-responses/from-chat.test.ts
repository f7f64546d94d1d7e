import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { ChatResponse } from '../../../core/index.js';
import { SwitchyardError } from '../../../core/index.js';
import { responsesWire } from './index.js';

const ctx = { requestId: 'req_0123abcd', requestedModel: 'combo-a', created: 1763800000 };
const toolsResponse = JSON.parse(
  readFileSync(new URL('./__fixtures__/chat-tools.json', import.meta.url), 'utf8'),
) as ChatResponse;

test('a chat completion with text and a tool call becomes message and function_call items', () => {
  const r = responsesWire.render(toolsResponse, ctx) as Record<string, unknown>;
  assert.equal(r.id, 'resp_0123abcd');
  assert.equal(r.object, 'response');
  assert.equal(r.status, 'completed');
  assert.equal(r.model, 'combo-a');
  assert.deepEqual(r.output, [
    {
      type: 'message',
      id: 'msg_0123abcd_0',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'Let me check.', annotations: [], logprobs: [] }],
    },
    {
      type: 'function_call',
      id: 'fc_0123abcd_0',
      call_id: 'call_w1',
      name: 'get_weather',
      arguments: '{"city": "Paris"}',
      status: 'completed',
    },
  ]);
  assert.deepEqual(r.usage, {
    input_tokens: 80,
    input_tokens_details: { cached_tokens: 64 },
    output_tokens: 30,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 110,
  });
});

test('finish_reason length makes an incomplete response', () => {
  const resp: ChatResponse = {
    ...toolsResponse,
    choices: [{ index: 0, message: { role: 'assistant', content: 'cut' }, finish_reason: 'length' }],
  };
  const r = responsesWire.render(resp, ctx) as Record<string, unknown>;
  assert.equal(r.status, 'incomplete');
  assert.deepEqual(r.incomplete_details, { reason: 'max_output_tokens' });
});

test('errors are rendered in the OpenAI shape with the status kept', () => {
  const { status, body } = responsesWire.renderError(new SwitchyardError('MODEL_NOT_FOUND', 'unknown model x'));
  assert.equal(status, 404);
  assert.deepEqual(JSON.parse(body), {
    error: { message: 'unknown model x', type: 'not_found_error', code: 'model_not_found', param: null },
  });
  const internal = JSON.parse(responsesWire.renderError(new SwitchyardError('INTERNAL', 'db path /secret')).body);
  assert.equal(internal.error.message, 'Internal error');
});

test('reasoning_content becomes a reasoning item ahead of the message', () => {
  const resp: ChatResponse = {
    ...toolsResponse,
    choices: [{ index: 0, message: { role: 'assistant', content: 'Hi', reasoning_content: 'Think.' }, finish_reason: 'stop' }],
  };
  const r = responsesWire.render(resp, ctx) as { output: { type: string; summary?: unknown }[] };
  assert.deepEqual(r.output.map((o) => o.type), ['reasoning', 'message']);
  assert.deepEqual(r.output[0]?.summary, [{ type: 'summary_text', text: 'Think.' }]);
});
