/**
 * One suite every provider adapter runs (`runAdapterConformance`), over that
 * provider's own recorded traffic for the same two scenarios:
 *   text: the model says "Hello, world!" — 21 prompt tokens (8 of them cached), 4 completion tokens;
 *   tool: the model calls get_weather({"city":"Paris"}) and stops for it.
 * Whatever the protocol, the canonical chat form the gateway sees must be the same.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SseParser, SwitchyardError, type ChatFinishReason, type ChatRequest, type ChatUsage } from '../core/index.js';
import type { ChatStreamTranslator, Connection, ProviderAdapter } from './types.js';

export const SCENARIO = {
  text: 'Hello, world!',
  usage: { prompt: 21, completion: 4, cached: 8 },
  tool: { name: 'get_weather', args: { city: 'Paris' } },
} as const;

export interface AdapterConformance {
  adapter: ProviderAdapter;
  /** Recorded bodies and streams of the two scenarios, in the provider's own protocol. */
  textJson: unknown;
  toolJson: unknown;
  textStream: string;
  toolStream: string;
  /** A stream that fails part-way, as this provider signals it. */
  errorStream: string;
  errorStatus: number;
  errorBody: string;
  errorMessage: string;
  /** The tool-call id the recording carries; undefined when the protocol has none (ids are synthesized). */
  toolCallId: string | undefined;
}

export interface CollectedStream {
  text: string;
  calls: { id: string; name: string; arguments: string }[];
  finish: ChatFinishReason;
  usage: ChatUsage | null;
}

/** Feeds raw SSE through a translator and gathers what a chat client would assemble. */
export function collectStream(t: ChatStreamTranslator, sse: string): CollectedStream {
  const p = new SseParser();
  const out: CollectedStream = { text: '', calls: [], finish: null, usage: null };
  const chunks = [...p.push(sse), ...p.end()].flatMap((e) => t.push(e));
  for (const c of [...chunks, ...t.end()]) {
    if (c.usage) out.usage = c.usage;
    for (const ch of c.choices) {
      if (typeof ch.delta.content === 'string') out.text += ch.delta.content;
      for (const tc of ch.delta.tool_calls ?? []) {
        const call = (out.calls[tc.index] ??= { id: '', name: '', arguments: '' });
        if (tc.id) call.id = tc.id;
        if (tc.function?.name) call.name = tc.function.name;
        call.arguments += tc.function?.arguments ?? '';
      }
      if (ch.finish_reason) out.finish = ch.finish_reason;
    }
  }
  return out;
}

const CONN: Connection = { baseUrl: 'http://127.0.0.1:9/base', credential: 'secret-credential-xyz' };

const REQUEST: ChatRequest = {
  model: 'model-x',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Weather in Paris?' },
    { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
    { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
  ],
  tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
  max_tokens: 100,
};

export function runAdapterConformance(name: string, f: AdapterConformance): void {
  const a = f.adapter;

  test(`${name}: the request carries the model and the credential in a header only`, () => {
    for (const stream of [false, true]) {
      const r = a.chatRequest(CONN, { ...REQUEST, stream });
      assert.ok(r.path.startsWith('/base/'), `path ${r.path} keeps the base path`);
      assert.ok(r.path.includes('model-x') || r.body.includes('"model-x"'));
      assert.ok(Object.values(r.headers).some((v) => v.includes(CONN.credential as string)));
      assert.ok(!r.path.includes(CONN.credential as string) && !r.body.includes(CONN.credential as string));
      assert.doesNotThrow(() => JSON.parse(r.body));
      assert.ok(r.body.includes('get_weather') && r.body.includes('Paris'), 'tools and tool turns go upstream');
      if (stream) assert.ok(r.headers.accept?.includes('text/event-stream') || r.path.includes('alt=sse'));
    }
    const models = a.modelsRequest(CONN);
    assert.ok(models.path.startsWith('/base/'));
    assert.ok(!models.path.includes(CONN.credential as string));
  });

  test(`${name}: a text answer parses to the canonical completion with usage`, () => {
    const r = a.parseChatResponse(f.textJson, 'model-x');
    assert.equal(r.object, 'chat.completion');
    assert.equal(r.choices[0]?.message.content, SCENARIO.text);
    assert.equal(r.choices[0]?.finish_reason, 'stop');
    assert.equal(r.usage?.prompt_tokens, SCENARIO.usage.prompt);
    assert.equal(r.usage?.completion_tokens, SCENARIO.usage.completion);
    assert.equal(r.usage?.prompt_tokens_details?.cached_tokens, SCENARIO.usage.cached);
  });

  test(`${name}: a tool call parses with its name, id and arguments`, () => {
    const r = a.parseChatResponse(f.toolJson, 'model-x');
    const call = r.choices[0]?.message.tool_calls?.[0];
    assert.equal(call?.function.name, SCENARIO.tool.name);
    assert.deepEqual(JSON.parse(call?.function.arguments ?? ''), SCENARIO.tool.args);
    assert.ok(call?.id);
    if (f.toolCallId) assert.equal(call?.id, f.toolCallId);
    assert.equal(r.choices[0]?.finish_reason, 'tool_calls');
  });

  test(`${name}: a text stream becomes chunks with the whole text, finish and usage`, () => {
    const s = collectStream(a.chatStream('model-x'), f.textStream);
    assert.equal(s.text, SCENARIO.text);
    assert.equal(s.finish, 'stop');
    assert.equal(s.usage?.prompt_tokens, SCENARIO.usage.prompt);
    assert.equal(s.usage?.completion_tokens, SCENARIO.usage.completion);
    assert.equal(s.usage?.prompt_tokens_details?.cached_tokens, SCENARIO.usage.cached);
  });

  test(`${name}: a tool stream yields one call whose split arguments join to valid JSON`, () => {
    const s = collectStream(a.chatStream('model-x'), f.toolStream);
    assert.equal(s.calls.length, 1);
    assert.equal(s.calls[0]?.name, SCENARIO.tool.name);
    assert.deepEqual(JSON.parse(s.calls[0]?.arguments ?? ''), SCENARIO.tool.args);
    assert.ok(s.calls[0]?.id);
    if (f.toolCallId) assert.equal(s.calls[0]?.id, f.toolCallId);
    assert.equal(s.finish, 'tool_calls');
  });

  test(`${name}: a failure inside the stream throws a SwitchyardError`, () => {
    assert.throws(() => collectStream(a.chatStream('model-x'), f.errorStream), SwitchyardError);
  });

  test(`${name}: an error body yields its message`, () => {
    assert.match(a.parseError(f.errorStatus, f.errorBody).message, new RegExp(f.errorMessage));
    assert.ok(a.parseError(502, '<html>Bad gateway</html>').message.length > 0);
    assert.ok(a.parseError(503, '').message.length > 0);
  });
}
