// The official `openai` SDK's Responses API, unmodified, against a Switchyard
// process over an OpenAI-compatible, an Anthropic-type and a Gemini-type upstream.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import { startThreeUpstreams, TEXT, waitForUsage, type ThreeUpstreams } from '../helpers/three-upstreams.js';

let up: ThreeUpstreams;
let client: OpenAI;

before(async () => {
  up = await startThreeUpstreams();
  client = new OpenAI({ apiKey: up.key, baseURL: `${up.server.url}/v1`, maxRetries: 0 });
});
after(() => up?.close());

const tools: OpenAI.Responses.Tool[] = [
  { type: 'function', name: 'get_weather', description: 'Weather by city', strict: false, parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } }, required: ['city'] } },
  { type: 'web_search' },
];

for (const kind of ['openai', 'anthropic', 'gemini'] as const) {
  describe(`responses over the ${kind} upstream`, () => {
    test('non-stream: a function call, then its output, then the text answer', async () => {
      const model = up.models[kind];
      const first = await client.responses.create({ model, instructions: 'Be brief.', input: 'Weather in Paris?', tools });
      const call = first.output.find((o) => o.type === 'function_call');
      assert.ok(call && call.type === 'function_call', JSON.stringify(first.output));
      assert.equal(call.name, 'get_weather');
      assert.deepEqual(JSON.parse(call.arguments), { city: 'Paris', unit: 'celsius' });
      assert.ok(call.call_id);
      assert.ok((first.usage?.input_tokens ?? 0) > 0);
      const input: ResponseInputItem[] = [
        { role: 'user', content: 'Weather in Paris?' },
        { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments },
        { type: 'function_call_output', call_id: call.call_id, output: '{"temp":21}' },
      ];
      const second = await client.responses.create({ model, input, tools });
      assert.equal(second.output_text, TEXT[kind]);
      assert.equal(second.status, 'completed');
    });

    test('stream: the SDK accumulates the function call and then the text', async () => {
      const model = up.models[kind];
      const stream = client.responses.stream({ model, input: 'Weather in Paris?', tools });
      const types = new Set<string>();
      const seqs: number[] = [];
      for await (const ev of stream) {
        types.add(ev.type);
        seqs.push(ev.sequence_number);
      }
      // Every event numbered in the order it is sent, from 0 (the opening events too).
      assert.deepEqual(seqs, seqs.map((_, i) => i));
      const final = await stream.finalResponse();
      const call = final.output.find((o) => o.type === 'function_call');
      assert.ok(call && call.type === 'function_call');
      assert.deepEqual(JSON.parse(call.arguments), { city: 'Paris', unit: 'celsius' });
      for (const t of ['response.created', 'response.output_item.added', 'response.function_call_arguments.done', 'response.completed']) {
        assert.ok(types.has(t), `${t} in ${[...types].join(',')}`);
      }
      const text = await client.responses
        .stream({ model, input: [{ role: 'user', content: 'Weather?' }, { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments }, { type: 'function_call_output', call_id: call.call_id, output: 'sunny' }], tools })
        .finalResponse();
      assert.equal(text.output_text, TEXT[kind]);
    });
  });
}

describe('responses passed through to a provider that speaks Responses', () => {
  test('the body goes up with only the model replaced; the answer comes back as sent', async () => {
    const first = await client.responses.create({ model: up.models.responses, input: 'Weather in Paris?', tools, store: false });
    const call = first.output.find((o) => o.type === 'function_call');
    assert.ok(call && call.type === 'function_call');
    assert.equal(call.id, 'fc_mock_1', 'the upstream item ids arrive untouched');
    const sent = up.responses.requests.at(-1)?.body as { model: string; tools: { type: string }[]; store: boolean };
    assert.equal(sent.model, 'gpt-native');
    assert.deepEqual(sent.tools.map((t) => t.type), ['function', 'web_search'], 'hosted tools are kept for a Responses upstream');
    assert.equal(sent.store, false);
    assert.equal(up.responses.requests.at(-1)?.headers.authorization, 'Bearer sk-upstream-responses');
    const final = await client.responses
      .stream({ model: up.models.responses, input: [{ type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments }, { type: 'function_call_output', call_id: call.call_id, output: 'sunny' }], tools })
      .finalResponse();
    assert.equal(final.output_text, TEXT.responses);
    assert.equal(final.id, 'resp_mock_2');
  });

  test('a pass-through stream that dies mid-way ends in an error event, not a hang', async () => {
    up.responses.enqueue({ resetAfter: 'partial answer that never ends' });
    const seen: string[] = [];
    const stream = await client.responses.create({ model: up.models.responses, input: 'hi', stream: true });
    for await (const ev of stream) seen.push(ev.type);
    assert.ok(seen.includes('response.output_text.delta'));
    assert.equal(seen.at(-1), 'response.failed');
  });
});

describe('responses errors and fallback', () => {
  test('a malformed request is a 400 in OpenAI format, and the server keeps serving', async () => {
    for (const body of ['{"model":', JSON.stringify({ model: up.models.openai }), JSON.stringify({ model: up.models.openai, input: 5 })]) {
      const res = await fetch(`${up.server.url}/v1/responses`, {
        method: 'POST',
        headers: { authorization: `Bearer ${up.key}`, 'content-type': 'application/json' },
        body,
      });
      assert.equal(res.status, 400);
      const json = (await res.json()) as { error: { message: string; type: string } };
      assert.equal(json.error.type, 'invalid_request_error');
      assert.ok(json.error.message.length > 0);
    }
    await assert.rejects(client.responses.create({ model: 'nope/none', input: 'x' }), (e: unknown) => e instanceof OpenAI.NotFoundError);
    const ok = await client.responses.create({ model: up.models.openai, input: 'still there?' });
    assert.equal(ok.output_text, TEXT.openai);
  });

  test('an upstream that dies mid-stream ends in response.failed, not a hang', async () => {
    up.anthropic.enqueue({ resetAfter: 'partial answer that never ends' });
    const seen: string[] = [];
    const stream = await client.responses.create({ model: up.models.anthropic, input: 'hi', stream: true });
    for await (const ev of stream) seen.push(ev.type);
    assert.equal(seen.at(-1), 'response.failed');
    assert.ok(seen.includes('response.output_text.delta'), 'the partial text reached the client first');
  });

  test('a combo falls back across protocols: anthropic 500, gemini 503, then openai answers', async () => {
    up.anthropic.enqueue({ fail: { status: 500 } });
    up.gemini.enqueue({ fail: { status: 503 } });
    const { data, response } = await client.responses.create({ model: up.combo, input: 'hello' }).withResponse();
    assert.equal(data.output_text, TEXT.openai);
    assert.equal(response.headers.get('x-switchyard-provider'), 'oa');
  });

  test('usage is recorded for the Responses API with tokens', async () => {
    // Rows arrive in batches: wait for the pass-through's rows too, not only for the count.
    const ok = await waitForUsage(up, 'responses', 12, (rows) => rows.filter((r) => r.provider === 'oar').length >= 2);
    for (const p of ['oa', 'ant', 'gem']) assert.ok(ok.some((r) => r.provider === p && r.inputTokens > 0), `usage for ${p}`);
    const native = ok.filter((r) => r.provider === 'oar');
    assert.ok(native.length >= 2 && native.every((r) => r.inputTokens === 21 && r.outputTokens === 4), 'usage sniffed from the pass-through');
  });
});
