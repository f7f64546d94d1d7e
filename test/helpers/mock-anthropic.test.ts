import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ChatRequest } from '../../src/core/index.js';
import { SwitchyardError } from '../../src/core/index.js';
import { anthropicAdapter } from '../../src/providers/anthropic/index.js';
import { roundTrip } from './adapter-roundtrip.js';
import { startMockAnthropic, type MockUpstream } from './mock-anthropic.js';

let mock: MockUpstream;
before(async () => {
  mock = await startMockAnthropic({ apiKey: 'sk-ant-test' });
});
after(() => mock.close());

const req = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'claude-mock-1',
  messages: [{ role: 'user', content: 'hi' }],
  tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
  ...extra,
});

test('text and tool calls, stream and not, through the anthropic adapter', async () => {
  mock.enqueue({ text: 'Hello, world!' }, { toolCall: { name: 'get_weather', arguments: '{"city":"Paris"}' } });
  mock.enqueue({ text: 'Streamed text' }, { toolCall: { id: 'toolu_X', name: 'get_weather', arguments: '{"city":"Rome"}' } });
  const text = await roundTrip(anthropicAdapter, mock.url, 'sk-ant-test', req());
  assert.equal(text.json?.choices[0]?.message.content, 'Hello, world!');
  assert.equal(text.json?.usage?.prompt_tokens_details?.cached_tokens, 8);
  const tool = await roundTrip(anthropicAdapter, mock.url, 'sk-ant-test', req());
  assert.equal(tool.json?.choices[0]?.message.tool_calls?.[0]?.id, 'toolu_mock_2');
  const s1 = await roundTrip(anthropicAdapter, mock.url, 'sk-ant-test', req({ stream: true }));
  assert.equal(s1.stream?.text, 'Streamed text');
  assert.equal(s1.stream?.usage?.prompt_tokens, 21);
  const s2 = await roundTrip(anthropicAdapter, mock.url, 'sk-ant-test', req({ stream: true }));
  assert.deepEqual(s2.stream?.calls, [{ id: 'toolu_X', name: 'get_weather', arguments: '{"city":"Rome"}' }]);
  assert.equal(s2.stream?.finish, 'tool_calls');
  assert.equal(mock.requests.at(-1)?.headers['anthropic-version'], '2023-06-01');
});

test('a tool round trip the real API would accept', async () => {
  const r = await roundTrip(anthropicAdapter, mock.url, 'sk-ant-test', req({
    messages: [
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
    ],
  }));
  assert.equal(r.status, 200);
});

test('scripted failures: 401, 429 with Retry-After, in-stream error, mid-stream reset', async () => {
  const bad = await roundTrip(anthropicAdapter, mock.url, 'wrong', req());
  assert.equal(bad.status, 401);
  assert.equal(bad.error, 'invalid x-api-key');
  mock.enqueue({ fail: { status: 429, retryAfterSec: 7 } });
  const limited = await roundTrip(anthropicAdapter, mock.url, 'sk-ant-test', req());
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get('retry-after'), '7');
  mock.enqueue({ streamError: { text: 'partial answer', message: 'Overloaded' } });
  await assert.rejects(roundTrip(anthropicAdapter, mock.url, 'sk-ant-test', req({ stream: true })), SwitchyardError);
  mock.enqueue({ resetAfter: 'partial answer' });
  await assert.rejects(roundTrip(anthropicAdapter, mock.url, 'sk-ant-test', req({ stream: true })));
  const invalid = await roundTrip(anthropicAdapter, mock.url, 'sk-ant-test', {
    model: 'm',
    messages: [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      { role: 'user', content: 'never mind' },
    ],
  });
  assert.equal(invalid.status, 400, 'a tool_use without its result is refused, as by the real API');
});

test('with thinking on: signed thinking first; a tool loop without it, changed, or unsigned is refused as by the real API', async () => {
  const post = async (body: Record<string, unknown>) => {
    const r = await fetch(`${mock.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': 'sk-ant-test', 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: r.status, json: (await r.json()) as { content?: Record<string, unknown>[]; error?: { message: string } } };
  };
  const base = { model: 'claude-mock-1', max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 } };
  mock.enqueue({ toolCall: { id: 'toolu_t', name: 'f', arguments: '{}' }, thinking: 'plan' });
  const first = await post({ ...base, messages: [{ role: 'user', content: 'go' }] });
  const [thinking, toolUse] = first.json.content ?? [];
  assert.equal(thinking?.type, 'thinking');
  assert.equal(thinking?.thinking, 'plan');
  assert.ok(typeof thinking?.signature === 'string' && thinking.signature.length > 10);
  const loop = (assistant: unknown[]) => ({
    ...base,
    messages: [{ role: 'user', content: 'go' }, { role: 'assistant', content: assistant }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_t', content: 'ok' }] }],
  });
  assert.equal((await post(loop([thinking, toolUse]))).status, 200);
  const missing = await post(loop([toolUse]));
  assert.equal(missing.status, 400);
  assert.match(missing.json.error?.message ?? '', /must start with a thinking block/);
  const changed = await post(loop([{ ...thinking, thinking: 'other plan' }, toolUse]));
  assert.match(changed.json.error?.message ?? '', /Invalid `signature`/);
  const unsigned = await post(loop([{ ...thinking, signature: '' }, toolUse]));
  assert.equal(unsigned.status, 400);
  assert.equal((await post({ ...loop([toolUse]), thinking: undefined })).status, 200, 'without thinking the same loop is fine');
  assert.match((await post({ ...base, max_tokens: 2048, messages: [{ role: 'user', content: 'x' }] })).json.error?.message ?? '', /max_tokens/);
});
