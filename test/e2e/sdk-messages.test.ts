// The official `@anthropic-ai/sdk`, unmodified, against a Switchyard process over
// an OpenAI-compatible, an Anthropic-type (native pass-through) and a
// Gemini-type upstream.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { startThreeUpstreams, TEXT, waitForUsage, type ThreeUpstreams } from '../helpers/three-upstreams.js';

let up: ThreeUpstreams;
let client: Anthropic;

before(async () => {
  up = await startThreeUpstreams();
  // The SDK sends the key as x-api-key, as Claude Code does with ANTHROPIC_API_KEY.
  client = new Anthropic({ apiKey: up.key, baseURL: up.server.url, maxRetries: 0 });
});
after(() => up?.close());

const tools: Anthropic.Tool[] = [
  { name: 'get_weather', description: 'Weather by city', input_schema: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } }, required: ['city'] } },
];

function followUp(toolUse: Anthropic.ToolUseBlock): Anthropic.MessageParam[] {
  return [
    { role: 'user', content: 'Weather in Paris?' },
    { role: 'assistant', content: [toolUse] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: '{"temp":21}' }] },
  ];
}

for (const kind of ['openai', 'anthropic', 'gemini'] as const) {
  describe(`messages over the ${kind} upstream`, () => {
    test('messages.create: tool_use, then tool_result, then text', async () => {
      const model = up.models[kind];
      const first = await client.messages.create({ model, max_tokens: 256, system: 'Be brief.', messages: [{ role: 'user', content: 'Weather in Paris?' }], tools });
      assert.equal(first.stop_reason, 'tool_use');
      const use = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
      assert.ok(use, JSON.stringify(first.content));
      assert.equal(use.name, 'get_weather');
      assert.deepEqual(use.input, { city: 'Paris', unit: 'celsius' });
      assert.ok(first.usage.input_tokens > 0);
      const second = await client.messages.create({ model, max_tokens: 256, messages: followUp(use), tools });
      assert.equal(second.stop_reason, 'end_turn');
      assert.deepEqual(second.content.map((b) => (b.type === 'text' ? b.text : b.type)), [TEXT[kind]]);
    });

    test('messages.stream: the SDK assembles the tool input and then the text', async () => {
      const model = up.models[kind];
      const final = await client.messages.stream({ model, max_tokens: 256, messages: [{ role: 'user', content: 'Weather in Paris?' }], tools }).finalMessage();
      const use = final.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
      assert.ok(use, JSON.stringify(final.content));
      assert.deepEqual(use.input, { city: 'Paris', unit: 'celsius' });
      assert.equal(final.stop_reason, 'tool_use');
      const text = await client.messages.stream({ model, max_tokens: 256, messages: followUp(use), tools }).finalMessage();
      assert.deepEqual(text.content.map((b) => (b.type === 'text' ? b.text : b.type)), [TEXT[kind]]);
      assert.ok(text.usage.output_tokens > 0);
    });
  });
}

describe('messages: count_tokens, errors, beta, fallback', () => {
  test('count_tokens answers an estimate; ?beta=true and Bearer auth work like Claude Code sends them', async () => {
    const counted = await client.messages.countTokens({ model: up.models.gemini, messages: [{ role: 'user', content: 'Hello there, how are you?' }], tools });
    assert.ok(counted.input_tokens > 0);
    const res = await fetch(`${up.server.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${up.key}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'anthropic-beta': 'claude-code-20250219' },
      body: JSON.stringify({ model: up.models.anthropic, max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-switchyard-provider'), 'ant');
    assert.equal(up.anthropic.requests.at(-1)?.headers['anthropic-beta'], 'claude-code-20250219', 'betas ride along to an Anthropic upstream');
    assert.equal(up.anthropic.requests.at(-1)?.url, '/v1/messages?beta=true');
    assert.equal(up.anthropic.requests.at(-1)?.headers['x-api-key'], 'sk-ant-upstream', 'the upstream gets its own credential, not the client key');
  });

  test('a malformed request is a 400 in Anthropic format, and the server keeps serving', async () => {
    for (const body of ['{"model":', JSON.stringify({ model: up.models.openai, messages: [{ role: 'user', content: 'x' }] }), JSON.stringify({ model: up.models.openai, max_tokens: 5, messages: [] })]) {
      const res = await fetch(`${up.server.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': up.key, 'content-type': 'application/json' }, body });
      assert.equal(res.status, 400);
      const json = (await res.json()) as { type: string; error: { type: string; message: string } };
      assert.equal(json.type, 'error');
      assert.equal(json.error.type, 'invalid_request_error');
    }
    const noKey = await fetch(`${up.server.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(noKey.status, 401);
    assert.equal(((await noKey.json()) as { error: { type: string } }).error.type, 'authentication_error');
    await assert.rejects(client.messages.create({ model: 'nope/none', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }), (e: unknown) => e instanceof Anthropic.NotFoundError);
    const ok = await client.messages.create({ model: up.models.openai, max_tokens: 20, messages: [{ role: 'user', content: 'still there?' }] });
    assert.equal(ok.content[0]?.type === 'text' && ok.content[0].text, TEXT.openai);
  });

  test('a combo falls back across protocols: anthropic 529, gemini 429, then openai answers', async () => {
    up.anthropic.enqueue({ fail: { status: 529, message: 'Overloaded' } });
    up.gemini.enqueue({ fail: { status: 429 } });
    const { data, response } = await client.messages.create({ model: up.combo, max_tokens: 50, messages: [{ role: 'user', content: 'hello' }] }).withResponse();
    assert.deepEqual(data.content.map((b) => (b.type === 'text' ? b.text : b.type)), [TEXT.openai]);
    assert.equal(response.headers.get('x-switchyard-provider'), 'oa');
  });

  test('an upstream failure mid-stream becomes an Anthropic error event the SDK throws', async () => {
    up.gemini.enqueue({ streamError: { text: 'partial answer here', message: 'The model is overloaded.' } });
    await assert.rejects(
      client.messages.stream({ model: up.models.gemini, max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }).finalMessage(),
      (e: unknown) => e instanceof Anthropic.APIError && /overloaded/i.test(e.message),
    );
    up.anthropic.enqueue({ resetAfter: 'partial answer here' });
    await assert.rejects(client.messages.stream({ model: up.models.anthropic, max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }).finalMessage(), Anthropic.APIError);
    up.openai.enqueue({ kind: 'reset-mid-stream', afterChunks: 2 });
    await assert.rejects(client.messages.stream({ model: up.models.openai, max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }).finalMessage(), Anthropic.APIError);
  });

  test('usage is recorded for the Messages API with tokens, native and translated', async () => {
    const ok = await waitForUsage(up, 'messages', 12);
    assert.ok(ok.length >= 12, `messages rows: ${ok.length}`);
    for (const p of ['oa', 'ant', 'gem']) assert.ok(ok.some((r) => r.provider === p && r.inputTokens > 0 && r.outputTokens > 0), `usage for ${p}`);
  });
});
