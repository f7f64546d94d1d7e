// The mock must speak the protocol exactly: the official SDK is the judge.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { MOCK_TOOL_ARGUMENTS, startMockOpenAI, type MockOpenAI } from './mock-openai.js';

let mock: MockOpenAI;
let client: OpenAI;
before(async () => {
  mock = await startMockOpenAI({ apiKey: 'upstream-key' });
  client = new OpenAI({ baseURL: mock.url, apiKey: 'upstream-key', maxRetries: 0 });
});
after(() => mock.close());

const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];

test('non-stream completion with usage; models list', async () => {
  const r = await client.chat.completions.create({ model: 'mock-small', messages: [{ role: 'user', content: 'hi' }] });
  assert.equal(r.choices[0]?.message.content, 'Hello from the mock upstream.');
  assert.ok((r.usage?.prompt_tokens ?? 0) > 0);
  const models = await client.models.list();
  assert.deepEqual(models.data.map((m) => m.id), ['mock-small', 'mock-large']);
  assert.equal(mock.requests.at(-2)?.headers.authorization, 'Bearer upstream-key');
});

test('stream: role, content pieces, finish, usage chunk only when asked', async () => {
  const s = await client.chat.completions.create({ model: 'mock-small', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } });
  let text = '';
  let usage = null;
  for await (const c of s) {
    text += c.choices[0]?.delta.content ?? '';
    if (c.usage) usage = c.usage;
  }
  assert.equal(text, 'Hello from the mock upstream.');
  assert.equal(usage?.completion_tokens, 5);
});

test('stream: tool call arguments split across chunks reassemble', async () => {
  const s = await client.chat.completions.create({ model: 'mock-small', messages: [{ role: 'user', content: 'weather?' }], tools, stream: true });
  let args = '';
  let name = '';
  let finish = '';
  for await (const c of s) {
    const tc = c.choices[0]?.delta.tool_calls?.[0];
    if (tc?.function?.name) name = tc.function.name;
    args += tc?.function?.arguments ?? '';
    if (c.choices[0]?.finish_reason) finish = c.choices[0].finish_reason;
  }
  assert.equal(name, 'get_weather');
  assert.equal(args, MOCK_TOOL_ARGUMENTS);
  assert.equal(finish, 'tool_calls');
});

test('scripted failures: 429 with Retry-After, reset mid-stream, malformed JSON, per-model behaviour', async () => {
  mock.enqueue({ kind: 'status', status: 429, headers: { 'retry-after': '7' } });
  await assert.rejects(client.chat.completions.create({ model: 'mock-small', messages: [{ role: 'user', content: 'x' }] }), (e: unknown) =>
    e instanceof OpenAI.APIError && e.status === 429 && e.headers?.get('retry-after') === '7');
  mock.enqueue({ kind: 'reset-mid-stream', afterChunks: 2 });
  const s = await client.chat.completions.create({ model: 'mock-small', messages: [{ role: 'user', content: 'x' }], stream: true });
  await assert.rejects(async () => {
    for await (const _ of s) void _;
  });
  mock.enqueue({ kind: 'malformed' });
  await assert.rejects(client.chat.completions.create({ model: 'mock-small', messages: [{ role: 'user', content: 'x' }] }));
  mock.setModelBehavior('mock-large', { kind: 'status', status: 500 });
  await assert.rejects(client.chat.completions.create({ model: 'mock-large', messages: [{ role: 'user', content: 'x' }] }), (e: unknown) =>
    e instanceof OpenAI.APIError && e.status === 500);
  assert.equal((mock.chatRequests().at(-1)?.body as { model: string }).model, 'mock-large');
});
