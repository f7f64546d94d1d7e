import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SwitchyardError } from '../../../core/index.js';
import { responsesWire } from './index.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));

test('a Codex request becomes a chat request with every turn in order', () => {
  const { chat, stream, model } = responsesWire.parse(fixture('codex-request.json'));
  assert.equal(stream, true);
  assert.equal(model, 'mock/gpt-test');
  assert.deepEqual(chat.stream_options, { include_usage: true });
  assert.deepEqual(
    chat.messages.map((m) => m.role),
    ['system', 'system', 'user', 'user', 'assistant', 'tool', 'assistant', 'user'],
  );
  assert.equal(chat.messages[0]?.content, 'You are Codex, a coding agent.');
  assert.equal(chat.messages[1]?.content, '<permissions>sandbox: read-only</permissions>');
  assert.deepEqual(chat.messages[4]?.tool_calls, [
    { id: 'call_ls', type: 'function', function: { name: 'exec_command', arguments: '{"cmd":"ls"}' } },
  ]);
  assert.deepEqual(chat.messages[5], { role: 'tool', tool_call_id: 'call_ls', content: 'a.txt\nb.txt' });
  assert.equal(chat.messages[6]?.content, 'Two files.');
  assert.deepEqual(chat.messages[7]?.content, [
    { type: 'text', text: 'Thanks' },
    { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'auto' } },
  ]);
});

test('only function tools reach a chat upstream; the others are dropped, not refused', () => {
  const { chat } = responsesWire.parse(fixture('codex-request.json'));
  assert.deepEqual(chat.tools?.map((t) => t.function.name), ['exec_command']);
  assert.equal(chat.tool_choice, 'auto');
  assert.equal(chat.parallel_tool_calls, true);
  assert.equal('reasoning' in chat, false);
});

test('tool_choice and parallel_tool_calls vanish when no tool survives', () => {
  const { chat } = responsesWire.parse({
    model: 'm',
    input: 'hi',
    tools: [{ type: 'web_search' }],
    tool_choice: { type: 'web_search' },
    parallel_tool_calls: false,
  });
  assert.equal(chat.tools, undefined);
  assert.equal(chat.tool_choice, undefined);
  assert.equal(chat.parallel_tool_calls, undefined);
});

test('string input, max_output_tokens, a named tool choice and json_schema map across', () => {
  const { chat, stream } = responsesWire.parse({
    model: 'p/m',
    input: 'What is 2+2?',
    max_output_tokens: 50,
    temperature: 0.2,
    tools: [{ type: 'function', name: 'calc', parameters: { type: 'object', properties: {} } }],
    tool_choice: { type: 'function', name: 'calc' },
    text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true } },
  });
  assert.equal(stream, false);
  assert.deepEqual(chat.messages, [{ role: 'user', content: 'What is 2+2?' }]);
  assert.equal(chat.max_tokens, 50);
  assert.equal(chat.temperature, 0.2);
  assert.deepEqual(chat.tool_choice, { type: 'function', function: { name: 'calc' } });
  assert.deepEqual(chat.response_format, {
    type: 'json_schema',
    json_schema: { name: 'answer', schema: { type: 'object' }, strict: true },
  });
});

test('parallel function calls fold into one assistant message', () => {
  const { chat } = responsesWire.parse({
    model: 'm',
    input: [
      { role: 'user', content: 'go' },
      { type: 'function_call', call_id: 'a', name: 'f', arguments: '{}' },
      { type: 'function_call', call_id: 'b', name: 'g', arguments: '{}' },
      { type: 'function_call_output', call_id: 'a', output: [{ type: 'input_text', text: 'A' }] },
      { type: 'function_call_output', call_id: 'b', output: 'B' },
    ],
  });
  assert.equal(chat.messages.length, 4);
  assert.deepEqual(chat.messages[1]?.tool_calls?.map((c) => c.id), ['a', 'b']);
  assert.equal(chat.messages[2]?.content, 'A');
});

function rejects(body: unknown, pattern: RegExp): void {
  assert.throws(
    () => responsesWire.parse(body),
    (err: unknown) => err instanceof SwitchyardError && err.status === 400 && pattern.test(err.message),
  );
}

test('malformed requests are 400s that name the field', () => {
  rejects('nope', /JSON object/);
  rejects({ input: 'hi' }, /model/);
  rejects({ model: 'm', input: 42 }, /input/);
  rejects({ model: 'm', input: [{ role: 'wizard', content: 'x' }] }, /input/);
  rejects({ model: 'm', input: [{ type: 'function_call', name: 'f' }] }, /input/);
  rejects({ model: 'm', input: 'x', tools: [{ type: 'function' }] }, /tools/);
  rejects({ model: 'm', input: [] }, /at least one message/);
  rejects({ model: 'm', instructions: 'only this' }, /at least one message/);
  rejects({ model: 'm', input: 'x', max_output_tokens: -1 }, /max_output_tokens/);
  rejects({ model: 'm', input: 'x', previous_response_id: 42 }, /previous_response_id/);
  rejects({ model: 'm', input: 'x', store: 'yes' }, /store/);
});

test('previous_response_id without input parses (the gateway puts the stored conversation in front); without it, it is a 400', () => {
  assert.deepEqual(responsesWire.parse({ model: 'm', previous_response_id: 'resp_1' }).chat.messages, []);
  rejects({ model: 'm', input: [] }, /at least one message/);
});
