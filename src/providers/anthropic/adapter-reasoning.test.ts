// Thinking blocks through the Anthropic adapter: kept whole with their signature
// (JSON and stream), put back first in the assistant turn, and the effort mapping.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SseParser, type ChatRequest, type ReasoningDetail } from '../../core/index.js';
import { anthropicAdapter as a } from './adapter.js';

const fx = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const conn = { baseUrl: 'https://api.anthropic.com', credential: 'k' };
const body = (req: Partial<ChatRequest>): Record<string, unknown> =>
  JSON.parse(a.chatRequest(conn, { model: 'claude-x', messages: [{ role: 'user', content: 'hi' }], ...req }).body) as Record<string, unknown>;

test('a thinking block and a redacted one come back as reasoning details with the signature, beside the text', () => {
  const json = JSON.parse(fx('anthropic-tools.json')) as { content: unknown[] };
  json.content.splice(1, 0, { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix' });
  const m = a.parseChatResponse(json, 'm').choices[0]?.message;
  assert.equal(m?.reasoning_content, 'The user wants the weather.');
  assert.deepEqual(m?.reasoning_details, [
    { type: 'thinking', thinking: 'The user wants the weather.', signature: 'EqQBCkYIBxgCKkA=' },
    { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix' },
  ]);
});

test('streamed: thinking text as it comes, the whole block with its signature when it stops', () => {
  const t = a.chatStream('m');
  const p = new SseParser();
  const redacted = 'event: content_block_start\ndata: {"type":"content_block_start","index":5,"content_block":{"type":"redacted_thinking","data":"EmwKAhgB"}}\n\n';
  const chunks = [...p.push(fx('anthropic-tools.chunks.txt') + redacted), ...p.end()].flatMap((e) => t.push(e));
  const text = chunks.map((c) => c.choices[0]?.delta.reasoning_content ?? '').join('');
  const details = chunks.flatMap((c) => c.choices[0]?.delta.reasoning_details ?? []);
  assert.equal(text, 'The user wants the weather.');
  assert.deepEqual(details, [
    { type: 'thinking', thinking: 'The user wants the weather.', signature: 'EqQBCkYIBxgCKkA=' },
    { type: 'redacted_thinking', data: 'EmwKAhgB' },
  ]);
  const detailAt = chunks.findIndex((c) => c.choices[0]?.delta.reasoning_details);
  const toolAt = chunks.findIndex((c) => c.choices[0]?.delta.tool_calls);
  assert.ok(detailAt >= 0 && detailAt < toolAt, 'the block is complete before the tool call opens');
});

test('restored details go first in the assistant turn, exactly; a block without a signature is dropped', () => {
  const details: ReasoningDetail[] = [
    { type: 'thinking', thinking: 'plan', signature: 'sig-1' },
    { type: 'thinking', thinking: 'truncated', signature: '' },
    { type: 'redacted_thinking', data: 'blob' },
  ];
  const b = body({
    reasoning_effort: 'medium',
    messages: [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: 'Running.', reasoning_details: details, tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 't1', content: 'ok' },
    ],
  });
  const turn = (b.messages as { content: unknown[] }[])[1];
  assert.deepEqual(turn?.content, [
    { type: 'thinking', thinking: 'plan', signature: 'sig-1' },
    { type: 'redacted_thinking', data: 'blob' },
    { type: 'text', text: 'Running.' },
    { type: 'tool_use', id: 't1', name: 'f', input: {} },
  ]);
});

test('reasoning_effort becomes a thinking budget below max_tokens; none disables; a forced tool leaves it off', () => {
  assert.deepEqual([body({ reasoning_effort: 'medium' }).thinking, body({ reasoning_effort: 'medium' }).max_tokens], [{ type: 'enabled', budget_tokens: 8192 }, 16384]);
  assert.deepEqual(body({ reasoning_effort: 'low', max_tokens: 32000 }).thinking, { type: 'enabled', budget_tokens: 2048 });
  assert.deepEqual(body({ reasoning_effort: 'high', max_tokens: 4000 }).thinking, { type: 'enabled', budget_tokens: 3999 });
  assert.equal(body({ reasoning_effort: 'high', max_tokens: 1000 }).thinking, undefined);
  assert.deepEqual(body({ reasoning_effort: 'none' }).thinking, { type: 'disabled' });
  assert.equal(body({}).thinking, undefined);
  assert.equal(body({ reasoning_effort: 'bogus' }).thinking, undefined);
  const forced = body({ reasoning_effort: 'high', tools: [{ type: 'function', function: { name: 'f' } }], tool_choice: 'required' });
  assert.equal(forced.thinking, undefined);
  const warm = body({ reasoning_effort: 'high', temperature: 0.2, top_p: 0.5 });
  assert.equal(warm.temperature, undefined, 'thinking takes no temperature');
  assert.equal(warm.top_p, undefined);
});

test('a tool loop without thinking to send back goes without thinking (Anthropic would refuse it)', () => {
  const loop = (details?: ReasoningDetail[]): Partial<ChatRequest> => ({
    reasoning_effort: 'high',
    messages: [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: null, ...(details ? { reasoning_details: details } : {}), tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 't1', content: 'ok' },
    ],
  });
  assert.equal(body(loop()).thinking, undefined);
  assert.deepEqual(body(loop([{ type: 'thinking', thinking: 'p', signature: 's' }])).thinking, { type: 'enabled', budget_tokens: 16384 });
  const newTurn = loop();
  newTurn.messages?.push({ role: 'assistant', content: 'done' }, { role: 'user', content: 'next' });
  assert.deepEqual(body(newTurn).thinking, { type: 'enabled', budget_tokens: 16384 }, 'a new user turn may think again');
});
