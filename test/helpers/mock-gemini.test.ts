import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ChatRequest } from '../../src/core/index.js';
import { SwitchyardError } from '../../src/core/index.js';
import { geminiAdapter } from '../../src/providers/gemini/index.js';
import { roundTrip } from './adapter-roundtrip.js';
import { startMockGemini, type MockUpstream } from './mock-gemini.js';

let mock: MockUpstream;
before(async () => {
  mock = await startMockGemini({ apiKey: 'AIza-test' });
});
after(() => mock.close());

const req = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'gemini-mock',
  messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' }],
  tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', additionalProperties: false, properties: { city: { type: 'string' } } } } }],
  ...extra,
});

test('text and tool calls, stream and not, through the gemini adapter', async () => {
  mock.enqueue({ text: 'Hello, world!' }, { toolCall: { name: 'get_weather', arguments: '{"city":"Paris"}' } });
  mock.enqueue({ text: 'Streamed text' }, { toolCall: { name: 'get_weather', arguments: '{"city":"Rome"}' } });
  const text = await roundTrip(geminiAdapter, mock.url, 'AIza-test', req());
  assert.equal(text.json?.choices[0]?.message.content, 'Hello, world!');
  assert.equal(text.json?.usage?.prompt_tokens_details?.cached_tokens, 8);
  const tool = await roundTrip(geminiAdapter, mock.url, 'AIza-test', req());
  assert.equal(tool.json?.choices[0]?.finish_reason, 'tool_calls');
  assert.equal(tool.json?.choices[0]?.message.tool_calls?.[0]?.id, 'call_mockresp2_0');
  const s1 = await roundTrip(geminiAdapter, mock.url, 'AIza-test', req({ stream: true }));
  assert.equal(s1.stream?.text, 'Streamed text');
  assert.equal(s1.stream?.usage?.completion_tokens, 4);
  const s2 = await roundTrip(geminiAdapter, mock.url, 'AIza-test', req({ stream: true }));
  assert.deepEqual(s2.stream?.calls, [{ id: 'call_mockresp4_0', name: 'get_weather', arguments: '{"city":"Rome"}' }]);
  assert.equal(s2.stream?.finish, 'tool_calls');
  assert.ok(mock.requests.at(-1)?.url.endsWith(':streamGenerateContent?alt=sse'));
});

test('a tool round trip names the function in its response', async () => {
  const r = await roundTrip(geminiAdapter, mock.url, 'AIza-test', req({
    messages: [
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_mockresp2_0', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_mockresp2_0', content: '{"sky":"clear"}' },
    ],
  }));
  assert.equal(r.status, 200);
  const sent = mock.requests.at(-1)?.body as { contents: { parts: Record<string, unknown>[] }[] };
  assert.deepEqual(sent.contents[2]?.parts[0], { functionResponse: { name: 'get_weather', response: { sky: 'clear' } } });
});

test('scripted failures: 401, 503, in-stream error, malformed body', async () => {
  const bad = await roundTrip(geminiAdapter, mock.url, 'nope', req());
  assert.equal(bad.status, 401);
  mock.enqueue({ fail: { status: 503, message: 'The model is overloaded.' } });
  const down = await roundTrip(geminiAdapter, mock.url, 'AIza-test', req());
  assert.equal(down.status, 503);
  assert.equal(down.error, 'The model is overloaded.');
  mock.enqueue({ streamError: { text: 'partial answer here', message: 'overloaded' } });
  await assert.rejects(roundTrip(geminiAdapter, mock.url, 'AIza-test', req({ stream: true })), SwitchyardError);
  mock.enqueue({ malformed: true });
  await assert.rejects(roundTrip(geminiAdapter, mock.url, 'AIza-test', req()));
});

test('a gemini-3 model signs its calls and refuses a current-turn call without its signature, or with a changed one', async () => {
  const post = async (body: Record<string, unknown>) => {
    const r = await fetch(`${mock.url}/v1beta/models/gemini-3-pro-preview:generateContent`, { method: 'POST', headers: { 'x-goog-api-key': 'AIza-test', 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: r.status, json: (await r.json()) as { candidates?: { content: { parts: Record<string, unknown>[] } }[]; error?: { message: string } } };
  };
  mock.enqueue({ toolCall: { name: 'f', arguments: '{"a":1}' }, thinking: 'plan' });
  const first = await post({ contents: [{ role: 'user', parts: [{ text: 'go' }] }], generationConfig: { thinkingConfig: { includeThoughts: true } } });
  const parts = first.json.candidates?.[0]?.content.parts ?? [];
  assert.deepEqual(parts[0], { text: 'plan', thought: true });
  const call = parts[1] as { functionCall: unknown; thoughtSignature: string };
  assert.ok(call.thoughtSignature.length > 10);
  const loop = (modelPart: Record<string, unknown>) => ({
    contents: [{ role: 'user', parts: [{ text: 'go' }] }, { role: 'model', parts: [modelPart] }, { role: 'user', parts: [{ functionResponse: { name: 'f', response: { ok: 1 } } }] }],
  });
  assert.equal((await post(loop(call))).status, 200);
  const missing = await post(loop({ functionCall: call.functionCall }));
  assert.equal(missing.status, 400);
  assert.match(missing.json.error?.message ?? '', /missing a thought_signature/);
  assert.match((await post(loop({ ...call, thoughtSignature: 'forged' }))).json.error?.message ?? '', /Corrupted thought signature/);
  assert.equal((await post(loop({ ...call, thoughtSignature: 'skip_thought_signature_validator' }))).status, 200, 'the documented placeholder is accepted');
  const older = loop({ functionCall: call.functionCall });
  older.contents.push({ role: 'model', parts: [{ text: 'done' }] }, { role: 'user', parts: [{ text: 'next question' }] });
  assert.equal((await post(older)).status, 200, 'a call before the current turn is not checked');
});
