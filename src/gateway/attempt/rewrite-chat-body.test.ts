import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatRequest } from '../../core/index.js';
import { rewriteChatBody } from './rewrite-chat-body.js';

const rewrite = (text: string, stream = false) => {
  const chat = JSON.parse(text) as ChatRequest;
  const result = rewriteChatBody(Buffer.from(text), text, chat, 'gpt-4o', stream);
  const out = typeof result === 'string' ? result : result.toString('utf8');
  return { out, json: JSON.parse(out) as ChatRequest, spliced: typeof result !== 'string' };
};

test('splices the model and keeps every other byte', () => {
  const text = '{"messages":[{"role":"user","content":"model: \\"x\\""}],  "model" : "openai/gpt-4o",\n"temperature":0.2}';
  const { out, json, spliced } = rewrite(text);
  assert.equal(json.model, 'gpt-4o');
  assert.equal(out, text.replace('"model" : "openai/gpt-4o"', '"model":"gpt-4o"'));
  assert.ok(spliced, 'the bytes are spliced, not re-encoded');
});

test('splices after multi-byte and astral characters, byte for byte', () => {
  const text = '{"messages":[{"role":"user","content":"héllo → 🦊 ünïcode"}],"model":"openai/gpt-4o","n":1}';
  const { out, spliced } = rewrite(text);
  assert.ok(spliced);
  assert.equal(out, text.replace('"model":"openai/gpt-4o"', '"model":"gpt-4o"'));
});

test('adds include_usage after the opening brace when the body starts with whitespace and holds non-ASCII text', () => {
  const text = ' \n {"messages":[{"role":"user","content":"ça va ✓"}],"model":"openai/gpt-4o","stream":true}';
  const { out, json, spliced } = rewrite(text, true);
  assert.ok(spliced);
  assert.deepEqual(json.stream_options, { include_usage: true });
  assert.equal(out, ' \n {"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"ça va ✓"}],"model":"gpt-4o","stream":true}');
});

test('adds include_usage to a stream without stream_options', () => {
  const { json } = rewrite('{"model":"openai/gpt-4o","stream":true,"messages":[]}', true);
  assert.deepEqual(json.stream_options, { include_usage: true });
  assert.equal(json.model, 'gpt-4o');
});

test('re-encodes when stream_options exists without include_usage, keeping its other fields', () => {
  const { json } = rewrite('{"model":"openai/gpt-4o","stream":true,"stream_options":{"x":1},"messages":[]}', true);
  assert.deepEqual(json.stream_options, { x: 1, include_usage: true });
});

test('re-encodes when the model pair is ambiguous (a nested key with the same value)', () => {
  const text = '{"tools":[{"type":"function","function":{"name":"f","parameters":{"model":"openai/gpt-4o"}}}],"model":"openai/gpt-4o","messages":[]}';
  const { json } = rewrite(text);
  assert.equal(json.model, 'gpt-4o');
  assert.equal((json.tools?.[0]?.function.parameters as { model: string }).model, 'openai/gpt-4o');
});

test('re-encodes when the client escaped the model differently', () => {
  const { json } = rewrite('{"model":"openai\\/gpt-4o","messages":[]}');
  assert.equal(json.model, 'gpt-4o');
});
