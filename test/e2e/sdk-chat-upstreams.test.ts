// The `openai` SDK's Chat Completions against Anthropic-type and Gemini-type
// upstreams through Switchyard's translation: tool calls (ids kept, split
// arguments joined), usage with cached tokens, and a mid-stream failure.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { MOCK_TOOL_ARGUMENTS, startThreeUpstreams, TEXT, type ThreeUpstreams } from '../helpers/three-upstreams.js';

let up: ThreeUpstreams;
let client: OpenAI;

before(async () => {
  up = await startThreeUpstreams();
  client = new OpenAI({ apiKey: up.key, baseURL: `${up.server.url}/v1`, maxRetries: 0 });
});
after(() => up?.close());

const tools: OpenAI.Chat.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
];

for (const kind of ['anthropic', 'gemini'] as const) {
  describe(`chat completions over the ${kind} upstream`, () => {
    test('non-stream tool call, then the answer to its result', async () => {
      const model = up.models[kind];
      const first = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Weather?' }], tools });
      const call = first.choices[0]?.message.tool_calls?.[0];
      assert.ok(call && call.type === 'function');
      assert.equal(first.choices[0]?.finish_reason, 'tool_calls');
      assert.equal(call.function.arguments, MOCK_TOOL_ARGUMENTS);
      assert.equal(first.usage?.prompt_tokens, 21);
      assert.equal(first.usage?.prompt_tokens_details?.cached_tokens, 8);
      const second = await client.chat.completions.create({
        model,
        tools,
        messages: [{ role: 'user', content: 'Weather?' }, first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: 'sunny' }],
      });
      assert.equal(second.choices[0]?.message.content, TEXT[kind]);
    });

    test('stream with usage: the tool call arrives whole with its id', async () => {
      const stream = await client.chat.completions.create({ model: up.models[kind], messages: [{ role: 'user', content: 'Weather?' }], tools, stream: true, stream_options: { include_usage: true } });
      let args = '';
      let id = '';
      let finish: string | null = null;
      let promptTokens = 0;
      for await (const c of stream) {
        for (const tc of c.choices[0]?.delta.tool_calls ?? []) {
          if (tc.id) id = tc.id;
          args += tc.function?.arguments ?? '';
        }
        finish = c.choices[0]?.finish_reason ?? finish;
        if (c.usage) promptTokens = c.usage.prompt_tokens;
      }
      assert.ok(id.length > 0);
      assert.deepEqual(JSON.parse(args), JSON.parse(MOCK_TOOL_ARGUMENTS));
      assert.equal(finish, 'tool_calls');
      assert.equal(promptTokens, 21);
    });
  });
}

test('an Anthropic stream error mid-way reaches the SDK as an error, not a hang', async () => {
  up.anthropic.enqueue({ streamError: { text: 'partial answer here', message: 'Overloaded' } });
  const stream = await client.chat.completions.create({ model: up.models.anthropic, messages: [{ role: 'user', content: 'hi' }], stream: true });
  await assert.rejects(async () => {
    for await (const _c of stream) {
      // drain
    }
  }, OpenAI.APIError);
});
