// Issue 15 item 2: Gemini thought signatures through the client and back onto
// the same function call (Responses encrypted_content, Messages thinking
// signature), thoughts shown as reasoning; the mock (a gemini-3 model) refuses a
// current-turn call that comes back without its signature. Stream and non-stream.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signCall } from '../../../test/helpers/gemini-thinking.js';
import { startMockGemini, type MockUpstream } from '../../../test/helpers/mock-gemini.js';
import { startInProcessGateway, type InProcessGateway } from '../testing/in-process.js';

let mock: MockUpstream;
let gw: InProcessGateway;
before(async () => {
  mock = await startMockGemini({ apiKey: 'AIza' });
  gw = await startInProcessGateway([{ name: 'gem', type: 'gemini', baseUrl: mock.url, credential: 'AIza', models: ['gemini-3-pro-preview'] }]);
});
after(async () => {
  await gw.close();
  await mock.close();
});

type Item = Record<string, unknown> & { type: string };
const MODEL = 'gem/gemini-3-pro-preview';
const ARGS = { cmd: 'ls' };

function events(text: string): { type: string; [k: string]: unknown }[] {
  return text.split('\n').filter((l) => l.startsWith('data: ') && l !== 'data: [DONE]').map((l) => JSON.parse(l.slice(6)) as { type: string });
}

/** The function call part of the model turn the mock last received. */
function sentCall(): Record<string, unknown> | undefined {
  const contents = (mock.requests.at(-1)?.body as { contents: { role: string; parts: Record<string, unknown>[] }[] }).contents;
  return contents.find((c) => c.role === 'model')?.parts.find((p) => p.functionCall);
}

for (const stream of [false, true]) {
  test(`Responses → Gemini (${stream ? 'stream' : 'json'}): the call's thought signature sealed and put back on the same call`, async () => {
    mock.enqueue({ toolCall: { name: 'exec_command', arguments: JSON.stringify(ARGS) }, thinking: 'Run ls.' }, { text: 'Two files.' }, { text: 'Two files.' });
    const tools = [{ type: 'function', name: 'exec_command', parameters: { type: 'object', properties: { cmd: { type: 'string' } } } }];
    const ask = (input: unknown) => gw.post('/v1/responses', { model: MODEL, input, tools, reasoning: { effort: 'high' }, stream });
    const first = await ask('List files');
    assert.equal(first.status, 200, first.text);
    assert.deepEqual((mock.requests.at(-1)?.body as { generationConfig?: unknown }).generationConfig, { thinkingConfig: { thinkingLevel: 'high', includeThoughts: true } });
    const output = stream
      ? ((events(first.text).find((e) => e.type === 'response.completed')?.response as { output: Item[] }).output)
      : (first.json as { output: Item[] }).output;
    const reasoning = output.filter((i) => i.type === 'reasoning') as unknown as { summary: { text: string }[]; encrypted_content?: string }[];
    assert.ok(reasoning.some((r) => r.summary[0]?.text === 'Run ls.'), 'the thought is shown');
    assert.ok(reasoning.some((r) => String(r.encrypted_content).startsWith('sy1.')));
    const call = output.find((i) => i.type === 'function_call') as unknown as { call_id: string };
    const history = [{ type: 'message', role: 'user', content: 'List files' }, ...output, { type: 'function_call_output', call_id: call.call_id, output: 'a b' }];
    const second = await ask(history);
    assert.equal(second.status, 200, `${second.text}\n${mock.refusals.join('\n')}`);
    assert.equal(sentCall()?.thoughtSignature, signCall('exec_command', ARGS), 'the very signature Gemini issued');
    const without = await ask(history.filter((i) => i.type !== 'reasoning'));
    assert.equal(without.status, 200, 'history without it gets the documented placeholder, not a 400');
    assert.equal(sentCall()?.thoughtSignature, 'skip_thought_signature_validator');
  });

  test(`Messages → Gemini (${stream ? 'stream' : 'json'}): the signature rides in the thinking block's signature`, async () => {
    mock.enqueue({ toolCall: { name: 'Bash', arguments: JSON.stringify(ARGS) }, thinking: 'Run ls.' }, { text: 'Done.' });
    const tools = [{ name: 'Bash', input_schema: { type: 'object', properties: { cmd: { type: 'string' } } } }];
    const ask = (messages: unknown) => gw.post('/v1/messages', { model: MODEL, max_tokens: 4096, messages, tools, thinking: { type: 'enabled', budget_tokens: 4000 }, stream });
    const first = await ask([{ role: 'user', content: 'List files' }]);
    assert.equal(first.status, 200, first.text);
    let content: Record<string, unknown>[];
    if (!stream) content = (first.json as { content: Record<string, unknown>[] }).content;
    else {
      content = [];
      for (const e of events(first.text)) {
        if (e.type === 'content_block_start') content[e.index as number] = { ...(e.content_block as Record<string, unknown>) };
        if (e.type === 'content_block_delta') {
          const b = content[e.index as number] as Record<string, unknown>;
          const d = e.delta as Record<string, string>;
          if (d.type === 'thinking_delta') b.thinking = String(b.thinking) + d.thinking;
          if (d.type === 'signature_delta') b.signature = d.signature;
          if (d.type === 'input_json_delta') b.json = String(b.json ?? '') + d.partial_json;
        }
      }
      for (const b of content) if (b.type === 'tool_use') b.input = JSON.parse(String(b.json ?? '{}'));
      for (const b of content) delete b.json;
    }
    const thinking = content.filter((b) => b.type === 'thinking');
    assert.ok(thinking.some((b) => b.thinking === 'Run ls.'));
    assert.ok(thinking.some((b) => String(b.signature).startsWith('sy1.')));
    const use = content.find((b) => b.type === 'tool_use') as { id: string };
    const second = await ask([
      { role: 'user', content: 'List files' },
      { role: 'assistant', content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'a b' }] },
    ]);
    assert.equal(second.status, 200, `${second.text}\n${mock.refusals.join('\n')}`);
    assert.equal(sentCall()?.thoughtSignature, signCall('Bash', ARGS));
  });
}
