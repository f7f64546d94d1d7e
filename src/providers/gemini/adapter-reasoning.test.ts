// Thought signatures through the Gemini adapter: kept on the call (or text) they
// came with, JSON and stream, put back onto that same part; thoughts shown as
// reasoning; the effort mapping per model generation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SseParser, type ChatRequest } from '../../core/index.js';
import { geminiAdapter as a } from './adapter.js';

const answer = {
  responseId: 'r1',
  candidates: [{
    content: { role: 'model', parts: [
      { text: 'I need the weather.', thought: true },
      { text: 'Checking.' },
      { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'SIG_A' },
      { functionCall: { name: 'get_weather', args: { city: 'Rome' } } },
    ] },
    finishReason: 'STOP',
  }],
};
const conn = { baseUrl: 'http://127.0.0.1:5', credential: null };
const body = (req: Partial<ChatRequest>): Record<string, unknown> =>
  JSON.parse(a.chatRequest(conn, { model: 'gemini-2.5-pro', messages: [{ role: 'user', content: 'hi' }], ...req }).body) as Record<string, unknown>;

test('JSON: thoughts as reasoning, the signature bound to the call it came with', () => {
  const m = a.parseChatResponse(answer, 'm').choices[0]?.message;
  assert.equal(m?.reasoning_content, 'I need the weather.');
  assert.equal(m?.content, 'Checking.');
  assert.deepEqual(m?.reasoning_details, [{ type: 'thought_signature', signature: 'SIG_A', call_id: 'call_r1_0' }]);
});

test('stream: the signature comes in the chunk of its call; a text part\'s with the finish', () => {
  const t = a.chatStream('m');
  const ev = (o: unknown) => `data: ${JSON.stringify(o)}\n\n`;
  const sse = ev({ responseId: 'r1', candidates: [{ content: { parts: [{ text: 'hmm', thought: true }] } }] })
    + ev({ responseId: 'r1', candidates: [{ content: { parts: answer.candidates[0]?.content.parts.slice(2) } }] })
    + ev({ responseId: 'r1', candidates: [{ content: { parts: [{ text: '', thoughtSignature: 'SIG_T' }] }, finishReason: 'STOP' }] });
  const p = new SseParser();
  const chunks = [...p.push(sse), ...p.end()].flatMap((e) => t.push(e));
  const withCall = chunks.find((c) => c.choices[0]?.delta.tool_calls?.[0]?.id === 'call_r1_0');
  assert.deepEqual(withCall?.choices[0]?.delta.reasoning_details, [{ type: 'thought_signature', signature: 'SIG_A', call_id: 'call_r1_0' }]);
  const finish = chunks.find((c) => c.choices[0]?.finish_reason);
  assert.deepEqual(finish?.choices[0]?.delta.reasoning_details, [{ type: 'thought_signature', signature: 'SIG_T' }]);
  assert.equal(chunks.map((c) => c.choices[0]?.delta.reasoning_content ?? '').join(''), 'hmm');
});

test('restored signatures go back onto the same parts; a first call without one gets the documented placeholder', () => {
  const b = body({
    messages: [
      { role: 'user', content: 'go' },
      {
        role: 'assistant', content: 'Checking.',
        reasoning_details: [{ type: 'thought_signature', signature: 'SIG_B', call_id: 'c2' }, { type: 'thought_signature', signature: 'SIG_T' }],
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } },
          { id: 'c2', type: 'function', function: { name: 'f', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'a' },
      { role: 'tool', tool_call_id: 'c2', content: 'b' },
    ],
  });
  const parts = (b.contents as { parts: Record<string, unknown>[] }[])[1]?.parts;
  assert.deepEqual(parts?.map((p) => p.thoughtSignature), ['SIG_T', 'skip_thought_signature_validator', 'SIG_B']);
  const restored = body({
    messages: [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: null, reasoning_details: [{ type: 'thought_signature', signature: 'SIG_A', call_id: 'c1' }], tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'a' },
    ],
  });
  assert.equal((restored.contents as { parts: Record<string, unknown>[] }[])[1]?.parts[0]?.thoughtSignature, 'SIG_A');
});

test('reasoning_effort: a budget for 2.5, a level for 3, thoughts included; nothing without it', () => {
  const gen = (model: string, effort?: string) => (body({ model, ...(effort ? { reasoning_effort: effort } : {}) }).generationConfig as { thinkingConfig?: unknown } | undefined)?.thinkingConfig;
  assert.deepEqual(gen('gemini-2.5-flash', 'low'), { thinkingBudget: 2048, includeThoughts: true });
  assert.deepEqual(gen('gemini-2.5-flash', 'none'), { thinkingBudget: 0 });
  assert.deepEqual(gen('gemini-3-pro-preview', 'medium'), { thinkingLevel: 'high', includeThoughts: true });
  assert.deepEqual(gen('gemini-3-pro-preview', 'low'), { thinkingLevel: 'low', includeThoughts: true });
  assert.equal(gen('gemini-2.5-flash'), undefined);
});
