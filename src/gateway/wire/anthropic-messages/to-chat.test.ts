import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SwitchyardError } from '../../../core/index.js';
import { countMessageTokens, messagesWire } from './index.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));

test('a Claude Code request becomes a chat request, tool results answering their calls', () => {
  const { chat, stream, model } = messagesWire.parse(fixture('claude-code-request.json'));
  assert.equal(stream, true);
  assert.equal(model, 'claude-sonnet-4-5');
  assert.equal(chat.max_tokens, 32000);
  assert.deepEqual(
    chat.messages.map((m) => m.role),
    ['system', 'user', 'assistant', 'tool', 'user', 'assistant', 'tool'],
  );
  assert.match(String(chat.messages[0]?.content), /^You are Claude Code.*\n\nWorking directory/s);
  assert.deepEqual(chat.messages[1]?.content, [
    { type: 'text', text: 'What is in this picture? Then list files.' },
    { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
  ]);
  assert.deepEqual(chat.messages[2], {
    role: 'assistant',
    content: 'A cat. Listing files.',
    tool_calls: [{ id: 'toolu_01A', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls","description":"List files"}' } }],
  });
  assert.deepEqual(chat.messages[3], { role: 'tool', tool_call_id: 'toolu_01A', content: 'a.txt\nb.txt' });
  assert.equal(chat.messages[4]?.content, 'And now?');
  assert.equal(chat.messages[5]?.content, null, 'redacted thinking is dropped');
  assert.deepEqual(chat.messages[6], { role: 'tool', tool_call_id: 'toolu_01B', content: 'Error: File does not exist.' });
});

test('custom tools map to functions; Anthropic-hosted tools are dropped', () => {
  const { chat } = messagesWire.parse(fixture('claude-code-request.json'));
  assert.deepEqual(chat.tools?.map((t) => t.function.name), ['Bash', 'Read']);
  assert.equal(chat.tool_choice, 'auto');
  assert.equal(chat.parallel_tool_calls, false);
  assert.equal('thinking' in chat, false);
});

test('tool_choice any/tool/none and stop_sequences map across', () => {
  const base = { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }], tools: [{ name: 'f', input_schema: { type: 'object' } }] };
  assert.equal(messagesWire.parse({ ...base, tool_choice: { type: 'any' } }).chat.tool_choice, 'required');
  assert.equal(messagesWire.parse({ ...base, tool_choice: { type: 'none' } }).chat.tool_choice, 'none');
  assert.deepEqual(messagesWire.parse({ ...base, tool_choice: { type: 'tool', name: 'f' } }).chat.tool_choice, {
    type: 'function',
    function: { name: 'f' },
  });
  assert.deepEqual(messagesWire.parse({ ...base, stop_sequences: ['END'] }).chat.stop, ['END']);
});

function rejects(body: unknown, pattern: RegExp): void {
  assert.throws(
    () => messagesWire.parse(body),
    (err: unknown) => err instanceof SwitchyardError && err.status === 400 && pattern.test(err.message),
  );
}

test('malformed requests are 400s that name the field', () => {
  rejects([], /JSON object/);
  rejects({ max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }, /model/);
  rejects({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, /max_tokens/);
  rejects({ model: 'm', max_tokens: 5, messages: [] }, /messages/);
  rejects({ model: 'm', max_tokens: 5, messages: [{ role: 'system', content: 'x' }] }, /messages/);
  rejects({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'tool_use', name: 'x' }] }] }, /messages/);
  rejects({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'thinking', thinking: 'x' }] }] }, /no content/);
});

test('count_tokens estimates grow with the input and need no max_tokens', () => {
  const small = countMessageTokens({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
  const big = countMessageTokens(fixture('claude-code-request.json'));
  assert.ok(small.input_tokens >= 1);
  assert.ok(big.input_tokens > small.input_tokens + 1600, 'the image and tools count');
  assert.throws(() => countMessageTokens({ model: 'm' }), SwitchyardError);
});
