// Issue 15 item 2: Responses → chat → Anthropic keeps thinking + signature and
// redacted_thinking through the client, sealed into encrypted_content, so the
// tool loop the mock Anthropic checks (as the real one does) goes through;
// without the reasoning item the loop goes on without thinking. Stream and non-stream.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startMockAnthropic, type MockUpstream } from '../../../test/helpers/mock-anthropic.js';
import { redactedData, signThinking } from '../../../test/helpers/anthropic-thinking.js';
import { startInProcessGateway, type InProcessGateway } from '../testing/in-process.js';

let mock: MockUpstream;
let gw: InProcessGateway;
before(async () => {
  mock = await startMockAnthropic({ apiKey: 'sk-ant' });
  gw = await startInProcessGateway([{ name: 'anth', type: 'anthropic', baseUrl: mock.url, credential: 'sk-ant', models: ['claude-x'] }]);
});
after(async () => {
  await gw.close();
  await mock.close();
});

const TOOLS = [{ type: 'function', name: 'exec_command', parameters: { type: 'object', properties: { cmd: { type: 'string' } } } }];
const THOUGHT = 'I should run ls; the user said "quick" <fast>.';

type Item = Record<string, unknown> & { type: string };

/** The output items of a Responses answer, from the JSON or from a stream's response.completed event. */
function outputOf(r: { text: string; json: unknown }, stream: boolean): Item[] {
  if (!stream) return (r.json as { output: Item[] }).output;
  const done = r.text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)) as { type: string; response?: { output: Item[] } }).find((e) => e.type === 'response.completed');
  return done?.response?.output ?? [];
}

for (const stream of [false, true]) {
  test(`Responses → Anthropic (${stream ? 'stream' : 'json'}): thinking shown, sealed, and restored exactly in the tool loop`, async () => {
    mock.enqueue({ toolCall: { id: 'toolu_1', name: 'exec_command', arguments: '{"cmd":"ls"}' }, thinking: THOUGHT, redactedThinking: 'hidden thought' }, { text: 'Two files.' });
    const first = await gw.post('/v1/responses', { model: 'anth/claude-x', input: 'List files', tools: TOOLS, reasoning: { effort: 'medium' }, stream });
    assert.equal(first.status, 200, first.text);
    const sent = mock.requests.at(-1)?.body as { thinking?: unknown; max_tokens?: number };
    assert.deepEqual(sent.thinking, { type: 'enabled', budget_tokens: 8192 }, 'reasoning.effort became a thinking budget');
    const output = outputOf(first, stream);
    const reasoning = output.find((i) => i.type === 'reasoning') as { summary: { text: string }[]; encrypted_content?: string } | undefined;
    assert.equal(reasoning?.summary[0]?.text, THOUGHT, 'the thought is shown as the reasoning summary');
    assert.match(String(reasoning?.encrypted_content), /^sy1\./);
    assert.doesNotMatch(String(reasoning?.encrypted_content), /I should run/, 'sealed, not readable');
    const call = output.find((i) => i.type === 'function_call');
    assert.equal(call?.call_id, 'toolu_1');

    const history: Item[] = [{ role: 'user', content: 'List files', type: 'message' }, ...output, { type: 'function_call_output', call_id: 'toolu_1', output: 'a b' }];
    const second = await gw.post('/v1/responses', { model: 'anth/claude-x', input: history, tools: TOOLS, reasoning: { effort: 'medium' }, stream });
    assert.equal(second.status, 200, `${second.text}\n${mock.refusals.join('\n')}`);
    const turn = (mock.requests.at(-1)?.body as { messages: { role: string; content: Item[] }[] }).messages[1];
    assert.deepEqual(turn?.content.slice(0, 2), [
      { type: 'thinking', thinking: THOUGHT, signature: signThinking(THOUGHT) },
      { type: 'redacted_thinking', data: redactedData('hidden thought') },
    ]);

    // Without its reasoning item (sealing off, another client) Anthropic would refuse thinking in this loop: it goes without.
    mock.enqueue({ text: 'Two files.' });
    const without = history.filter((i) => i.type !== 'reasoning');
    const third = await gw.post('/v1/responses', { model: 'anth/claude-x', input: without, tools: TOOLS, reasoning: { effort: 'medium' }, stream });
    assert.equal(third.status, 200, third.text);
    assert.equal((mock.requests.at(-1)?.body as { thinking?: unknown }).thinking, undefined);
    assert.equal(mock.refusals.length, 0, mock.refusals.join('\n'));
  });
}

test('a thinking block from another provider is not sent to Anthropic (signatures are bound to their issuer)', async () => {
  mock.enqueue({ text: 'fine' });
  const r = await gw.post('/v1/responses', {
    model: 'anth/claude-x',
    input: [
      { type: 'message', role: 'user', content: 'hi' },
      { type: 'reasoning', summary: [], encrypted_content: 'sy1.not-a-real-seal' },
      { type: 'function_call', call_id: 'c1', name: 'exec_command', arguments: '{}' },
      { type: 'function_call_output', call_id: 'c1', output: 'x' },
    ],
    tools: TOOLS,
  });
  assert.equal(r.status, 200, r.text);
  const turn = (mock.requests.at(-1)?.body as { messages: { content: Item[] }[] }).messages[1];
  assert.deepEqual(turn?.content.map((b) => b.type), ['tool_use']);
  assert.ok(gw.logs.some((l) => String(l.msg).startsWith('reasoning seal dropped')), 'a warning is logged');
});

for (const stream of [false, true]) {
  test(`chat → Anthropic (${stream ? 'stream' : 'json'}): reasoning_content shown, the signed thinking sealed in reasoning_details and restored`, async () => {
    mock.enqueue({ toolCall: { id: 'toolu_c', name: 'exec_command', arguments: '{"cmd":"ls"}' }, thinking: THOUGHT }, { text: 'Done.' });
    const tools = [{ type: 'function', function: { name: 'exec_command', parameters: { type: 'object', properties: { cmd: { type: 'string' } } } } }];
    const ask = (messages: unknown[]) => gw.post('/v1/chat/completions', { model: 'anth/claude-x', messages, tools, reasoning_effort: 'low', stream });
    const first = await ask([{ role: 'user', content: 'List files' }]);
    assert.equal(first.status, 200, first.text);
    let message: Record<string, unknown>;
    if (!stream) message = (first.json as { choices: { message: Record<string, unknown> }[] }).choices[0]?.message ?? {};
    else {
      message = { role: 'assistant', content: null, reasoning_content: '', reasoning_details: [] as unknown[], tool_calls: [] as Record<string, unknown>[] };
      for (const line of first.text.split('\n')) {
        if (!line.startsWith('data: {')) continue;
        const d = (JSON.parse(line.slice(6)) as { choices: { delta: Record<string, unknown> }[] }).choices[0]?.delta ?? {};
        if (typeof d.reasoning_content === 'string') message.reasoning_content += d.reasoning_content;
        if (Array.isArray(d.reasoning_details)) (message.reasoning_details as unknown[]).push(...d.reasoning_details);
        for (const tc of (d.tool_calls as { index: number; id?: string; function?: { name?: string; arguments?: string } }[] | undefined) ?? []) {
          const calls = message.tool_calls as { id: string; type: string; function: { name: string; arguments: string } }[];
          const c = (calls[tc.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
          if (tc.id) c.id = tc.id;
          if (tc.function?.name) c.function.name = tc.function.name;
          c.function.arguments += tc.function?.arguments ?? '';
        }
      }
    }
    assert.equal(message.reasoning_content, THOUGHT);
    const details = message.reasoning_details as { type: string; data: string }[];
    assert.equal(details.length, 1);
    assert.equal(details[0]?.type, 'reasoning.encrypted');
    assert.match(details[0]?.data ?? '', /^sy1\./, 'sealed, not the upstream signature');
    const second = await ask([{ role: 'user', content: 'List files' }, message, { role: 'tool', tool_call_id: 'toolu_c', content: 'a b' }]);
    assert.equal(second.status, 200, `${second.text}\n${mock.refusals.join('\n')}`);
    const sent = mock.requests.at(-1)?.body as { thinking?: unknown; messages: { content: Item[] }[] };
    assert.deepEqual(sent.thinking, { type: 'enabled', budget_tokens: 2048 });
    assert.deepEqual(sent.messages[1]?.content[0], { type: 'thinking', thinking: THOUGHT, signature: signThinking(THOUGHT) });
  });
}
