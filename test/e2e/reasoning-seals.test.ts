// Issue 15's done-when for sealed reasoning, at the HTTP level against a
// Switchyard process and a DeepSeek-style thinking upstream: a tampered
// `encrypted_content` (Responses) or thinking `signature` (Messages) gives a
// normal answer without the reasoning and a warn log line, never a 500; and a
// 1 MB reasoning text with non-ASCII in it goes to the client sealed and comes
// back to the upstream byte-exact on the next turn, on both APIs.
/* eslint-disable @typescript-eslint/no-explicit-any -- upstream and client JSON bodies, read deep and loosely in assertions */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CLI_TOKEN_HEADER, deriveCliToken } from '../../src/core/index.js';
import { startServerProcess, tempDir, type ServerProcess, type TempDir } from '../helpers/cli.js';
import { startMockDeepSeek, type MockDeepSeek } from '../helpers/mock-deepseek.js';

/** ~1 MB of UTF-8: ASCII, Latin, CJK, astral emoji, JSON escapes; pseudo-random so it does not compress away. */
function bigReasoning(): string {
  const alphabet = ['a', 'b', ' ', 'é', 'ß', '思', '考', '🤔', '𝄞', '"', '\\', '\n', '\t', '<', '>', 'Ω', '\u2028', '\u0001'];
  let seed = 42;
  let out = 'Thinking at length: ';
  while (Buffer.byteLength(out) < 1024 * 1024) {
    let chunk = '';
    for (let i = 0; i < 4096; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      chunk += alphabet[seed % alphabet.length];
    }
    out += chunk;
  }
  return out;
}
const BIG = bigReasoning();
const SMALL = 'I will run the command; «ça marche» 思考.';

let dir: TempDir;
let server: ServerProcess;
let ds: MockDeepSeek;
let key: string;
/** What the upstream's first (tool-calling) turn reasons, per test. */
let reasoning = SMALL;

before(async () => {
  dir = tempDir('reasoning-seals');
  ds = await startMockDeepSeek((_body, toolResults) =>
    toolResults === 0 ? { reasoning, toolCall: { name: 'shell', arguments: '{"cmd":"ls"}' } } : { reasoning: 'Done.', text: 'normal answer' },
  );
  server = await startServerProcess({ stateDir: join(dir.path, 'state') });
  const mgmt = { [CLI_TOKEN_HEADER]: deriveCliToken(), 'content-type': 'application/json' };
  const post = async (path: string, body: unknown) => {
    const r = await fetch(server.url + path, { method: 'POST', headers: mgmt, body: JSON.stringify(body) });
    assert.ok(r.status === 200 || r.status === 201, `${path}: ${r.status}`);
    return (await r.json()) as Record<string, unknown>;
  };
  await post('/api/providers', { name: 'ds', type: 'openai-compatible', baseUrl: ds.url, apiKey: 'k', models: ['deepseek-reasoner'] });
  key = String((await post('/api/keys', { name: 'seals' })).key);
});
after(async () => {
  await server?.stop();
  await ds?.close();
  dir?.cleanup();
});

async function call(path: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(server.url + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: JSON.parse(text) };
}

/** Flips one character in the middle of a seal's ciphertext (the prefix stays, so it is still taken for ours). */
function tamper(seal: string): string {
  const at = Math.floor(seal.length / 2);
  return seal.slice(0, at) + (seal[at] === 'A' ? 'B' : 'A') + seal.slice(at + 1);
}

/** The assistant tool-call turn of the last request the upstream received. */
function lastAssistant(): Record<string, unknown> {
  const messages = ds.requests.at(-1)?.body.messages as Record<string, unknown>[];
  const m = messages.find((x) => x.role === 'assistant');
  assert.ok(m, JSON.stringify(messages));
  return m;
}

async function warnLines(since: number): Promise<string[]> {
  // The log is written as the request runs; give the pipe a moment.
  await new Promise((r) => setTimeout(r, 200));
  return server.output().slice(since).split('\n').filter((l) => l.includes('reasoning seal dropped'));
}

const tools = [{ type: 'function', name: 'shell', parameters: { type: 'object', properties: { cmd: { type: 'string' } } } }];
const mTools = [{ name: 'shell', input_schema: { type: 'object', properties: { cmd: { type: 'string' } } } }];

describe('Responses: encrypted_content', () => {
  async function firstTurn(): Promise<{ reasoningItem: Record<string, any>; callItem: Record<string, any> }> {
    const r = await call('/v1/responses', { model: 'ds/deepseek-reasoner', input: 'List files.', tools, store: false, include: ['reasoning.encrypted_content'] });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const reasoningItem = r.json.output.find((o: { type: string }) => o.type === 'reasoning');
    const callItem = r.json.output.find((o: { type: string }) => o.type === 'function_call');
    assert.ok(reasoningItem?.encrypted_content && callItem, JSON.stringify(r.json.output).slice(0, 500));
    return { reasoningItem, callItem };
  }
  const next = (reasoningItem: unknown, callItem: Record<string, any>, callId = callItem.call_id) => ({
    model: 'ds/deepseek-reasoner',
    store: false,
    tools,
    input: [
      { role: 'user', content: 'List files.' },
      reasoningItem,
      { ...callItem, call_id: callId },
      { type: 'function_call_output', call_id: callId, output: 'a.txt' },
    ],
  });

  test('tampered: 200 with the normal answer, no reasoning sent upstream, a warn line', async () => {
    reasoning = SMALL;
    const { reasoningItem, callItem } = await firstTurn();
    const mark = server.output().length;
    // A call id the upstream did not issue, so it answers without checking for the reasoning we drop.
    const r = await call('/v1/responses', next({ ...reasoningItem, encrypted_content: tamper(reasoningItem.encrypted_content) }, callItem, 'call_elsewhere'));
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json.output.find((o: { type: string }) => o.type === 'message')?.content[0].text, 'normal answer');
    assert.equal(lastAssistant().reasoning_content, undefined, 'the reasoning was not sent upstream');
    assert.equal((await warnLines(mark)).length, 1, server.output().slice(mark));
  });

  test('1 MB of non-ASCII reasoning: sealed to the client, restored byte-exact to the upstream', async () => {
    reasoning = BIG;
    const { reasoningItem, callItem } = await firstTurn();
    assert.equal(reasoningItem.summary[0].text, BIG, 'the client saw the reasoning exactly');
    const r = await call('/v1/responses', next(reasoningItem, callItem));
    assert.equal(r.status, 200, JSON.stringify(r.json).slice(0, 500));
    const back = lastAssistant().reasoning_content as string;
    assert.equal(Buffer.byteLength(back), Buffer.byteLength(BIG));
    assert.ok(Buffer.from(back).equals(Buffer.from(BIG)), 'byte-exact');
    assert.equal(r.json.output.find((o: { type: string }) => o.type === 'message')?.content[0].text, 'normal answer');
  });
});

describe('Messages: thinking signature', () => {
  async function firstTurn(): Promise<Record<string, any>[]> {
    const r = await call('/v1/messages', { model: 'ds/deepseek-reasoner', max_tokens: 256, tools: mTools, messages: [{ role: 'user', content: 'List files.' }] });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const content = r.json.content as Record<string, any>[];
    assert.ok(content.some((b) => b.type === 'thinking' && b.signature) && content.some((b) => b.type === 'tool_use'), JSON.stringify(content).slice(0, 500));
    return content;
  }
  const next = (content: Record<string, any>[], toolId: string) => ({
    model: 'ds/deepseek-reasoner',
    max_tokens: 256,
    tools: mTools,
    messages: [
      { role: 'user', content: 'List files.' },
      { role: 'assistant', content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolId, content: 'a.txt' }] },
    ],
  });

  test('tampered: 200 with the normal answer, no reasoning sent upstream, a warn line', async () => {
    reasoning = SMALL;
    const content = await firstTurn();
    const mark = server.output().length;
    const altered = content.map((b) => (b.type === 'thinking' ? { ...b, signature: tamper(b.signature) } : b.type === 'tool_use' ? { ...b, id: 'toolu_elsewhere' } : b));
    const r = await call('/v1/messages', next(altered, 'toolu_elsewhere'));
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.deepEqual(r.json.content.filter((b: { type: string }) => b.type === 'text').map((b: { text: string }) => b.text), ['normal answer']);
    assert.equal(lastAssistant().reasoning_content, undefined, 'the reasoning was not sent upstream');
    assert.equal((await warnLines(mark)).length, 1, server.output().slice(mark));
  });

  test('1 MB of non-ASCII reasoning: sealed to the client, restored byte-exact to the upstream', async () => {
    reasoning = BIG;
    const content = await firstTurn();
    assert.equal(content.find((b) => b.type === 'thinking')?.thinking, BIG, 'the client saw the reasoning exactly');
    const toolId = String(content.find((b) => b.type === 'tool_use')?.id);
    const r = await call('/v1/messages', next(content, toolId));
    assert.equal(r.status, 200, JSON.stringify(r.json).slice(0, 500));
    const back = lastAssistant().reasoning_content as string;
    assert.ok(Buffer.from(back).equals(Buffer.from(BIG)), `byte-exact (${Buffer.byteLength(back)} of ${Buffer.byteLength(BIG)} bytes)`);
  });
});
