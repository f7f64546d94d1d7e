import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { collectStream, runAdapterConformance } from '../conformance.case.js';
import { anthropicAdapter as a } from './adapter.js';

const fx = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
runAdapterConformance('anthropic', {
  adapter: a,
  textJson: JSON.parse(fx('anthropic-text.json')),
  toolJson: JSON.parse(fx('anthropic-tools.json')),
  textStream: fx('anthropic-text.chunks.txt'),
  toolStream: fx('anthropic-tools.chunks.txt'),
  errorStream: fx('anthropic-error.chunks.txt'),
  errorStatus: 400,
  errorBody: fx('anthropic-error-400.json'),
  errorMessage: 'Field required',
  toolCallId: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
});

test('the request body is Anthropic Messages: system apart, tool turns as tool_use/tool_result, headers', () => {
  const r = a.chatRequest(
    { baseUrl: 'https://api.anthropic.com', credential: 'sk-ant-x' },
    {
      model: 'claude-sonnet-4-5',
      stream: true,
      stop: 'END',
      temperature: 1.5,
      tool_choice: 'required',
      parallel_tool_calls: false,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Use tools.' }] },
        { role: 'user', content: [{ type: 'text', text: 'See' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
        { role: 'assistant', content: 'Checking.', tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'f', arguments: '{"x":1}' } },
          { id: 'call_b', type: 'function', function: { name: 'f', arguments: '{"x":2}' } },
        ] },
        { role: 'tool', tool_call_id: 'call_a', content: 'one' },
        { role: 'tool', tool_call_id: 'call_b', content: 'two' },
        { role: 'user', content: 'and?' },
      ],
      tools: [{ type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object' } } }],
    },
  );
  assert.equal(r.path, '/v1/messages');
  assert.equal(r.headers['x-api-key'], 'sk-ant-x');
  assert.equal(r.headers['anthropic-version'], '2023-06-01');
  const body = JSON.parse(r.body);
  assert.equal(body.system, 'Be brief.\n\nUse tools.');
  assert.equal(body.max_tokens, 8192);
  assert.equal(body.temperature, 1);
  assert.deepEqual(body.stop_sequences, ['END']);
  assert.deepEqual(body.tool_choice, { type: 'any', disable_parallel_tool_use: true });
  assert.deepEqual(body.tools, [{ name: 'f', description: 'd', input_schema: { type: 'object' } }]);
  assert.deepEqual(body.messages.map((m: { role: string }) => m.role), ['user', 'assistant', 'user']);
  assert.deepEqual(body.messages[0].content[1], { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } });
  assert.deepEqual(body.messages[1].content[2], { type: 'tool_use', id: 'call_b', name: 'f', input: { x: 2 } });
  assert.deepEqual(body.messages[2].content, [
    { type: 'tool_result', tool_use_id: 'call_a', content: 'one' },
    { type: 'tool_result', tool_use_id: 'call_b', content: 'two' },
    { type: 'text', text: 'and?' },
  ]);
  assert.equal(a.chatRequest({ baseUrl: 'https://proxy.example/anthropic/v1/', credential: null }, { model: 'm', messages: [] }).path, '/anthropic/v1/messages');
});

test('thinking comes back as reasoning_content and stop reasons map', () => {
  const r = a.parseChatResponse(JSON.parse(fx('anthropic-tools.json')), 'm');
  assert.equal(r.choices[0]?.message.reasoning_content, 'The user wants the weather.');
  assert.equal(r.choices[0]?.message.content, 'Let me check.');
  const cut = a.parseChatResponse({ content: [{ type: 'text', text: 'x' }], stop_reason: 'max_tokens', usage: {} }, 'm');
  assert.equal(cut.choices[0]?.finish_reason, 'length');
});

test('a compatible server that sends tool input whole in content_block_start still yields the arguments once', () => {
  const sse = [
    'event: message_start\ndata: {"type":"message_start","message":{"id":"m","usage":{"input_tokens":3,"output_tokens":1}}}\n\n',
    'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t1","name":"f","input":{"a":1}}}\n\n',
    'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\\"a\\":1}"}}\n\n',
    'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":5}}\n\n',
    'event: message_stop\ndata: {"type":"message_stop"}\n\n',
  ].join('');
  const s = collectStream(a.chatStream('m'), sse);
  assert.deepEqual(s.calls, [{ id: 't1', name: 'f', arguments: '{"a":1}' }]);
  assert.equal(s.finish, 'tool_calls');
});
