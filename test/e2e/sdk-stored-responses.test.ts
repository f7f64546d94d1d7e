// Issue #15 item 4: stored responses with the official `openai` SDK against a
// Switchyard process. `store` (default true) keeps a response; a follow-up with
// `previous_response_id` sends the upstream the whole conversation (chat
// upstream, thinking upstream, native Responses upstream); GET/DELETE
// /v1/responses/{id} work for the key that created it only; expired → 404.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { CLI_TOKEN_HEADER, deriveCliToken } from '../../src/core/index.js';
import { startServerProcess, tempDir, type ServerProcess, type TempDir } from '../helpers/cli.js';
import { startMockDeepSeek, type MockDeepSeek } from '../helpers/mock-deepseek.js';
import { startMockOpenAI, type MockOpenAI } from '../helpers/mock-openai.js';
import { startMockResponses, type MockUpstream } from '../helpers/mock-responses.js';

const TEXT = 'Hello from the mock upstream.';

let dir: TempDir;
let chat: MockOpenAI;
let ds: MockDeepSeek;
let native: MockUpstream;
let server: ServerProcess;
let shortLived: ServerProcess;
let a: OpenAI;
let b: OpenAI;
let keyA: string;

async function configure(s: ServerProcess): Promise<string[]> {
  const headers = { [CLI_TOKEN_HEADER]: deriveCliToken(), 'content-type': 'application/json' };
  const must = async (path: string, body: unknown): Promise<Record<string, unknown>> => {
    const res = await fetch(s.url + path, { method: 'POST', headers, body: JSON.stringify(body) });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status !== 201 && res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  await must('/api/providers', { name: 'oa', type: 'openai-compatible', baseUrl: chat.url, apiKey: 'sk-up', models: ['mock-small'] });
  await must('/api/providers', { name: 'ds', type: 'openai-compatible', baseUrl: ds.url, apiKey: 'k', models: ['deepseek-reasoner'] });
  await must('/api/providers', { name: 'oar', type: 'openai-compatible', baseUrl: `${native.url}/v1`, apiKey: 'sk-native', models: ['gpt-native'], supportsResponses: true });
  return [String((await must('/api/keys', { name: 'first' })).key), String((await must('/api/keys', { name: 'second' })).key)];
}

const client = (s: ServerProcess, key: string): OpenAI => new OpenAI({ apiKey: key, baseURL: `${s.url}/v1`, maxRetries: 0 });

/** The SDK's error for a call that must fail: status and OpenAI error code. */
async function failure(p: Promise<unknown>): Promise<{ status: number | undefined; code: unknown; type: unknown }> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof OpenAI.APIError, String(err));
    return { status: err.status, code: err.code, type: err.type };
  }
  throw new Error('the call succeeded');
}

/** The SDK's Response type has no `store`, though the API sends it. */
const storeOf = (r: object): unknown => (r as { store?: unknown }).store;

const lastChat = () => chat.chatRequests().at(-1)?.body as { messages: { role: string; content: unknown; tool_calls?: unknown[] }[] };

before(async () => {
  dir = tempDir('stored');
  chat = await startMockOpenAI({ apiKey: 'sk-up', models: ['mock-small'], reply: TEXT });
  ds = await startMockDeepSeek((_body, toolResults) =>
    toolResults === 0 ? { reasoning: 'I should look the weather up.', toolCall: { name: 'get_weather', arguments: '{"city":"Paris"}' } } : { reasoning: 'It is sunny.', text: 'Sunny in Paris.' },
  );
  native = await startMockResponses({ apiKey: 'sk-native' });
  const config = join(dir.path, 'short.json');
  writeFileSync(config, JSON.stringify({ responses: { storeTtlMs: 2_000 } }));
  [server, shortLived] = await Promise.all([
    startServerProcess({ stateDir: join(dir.path, 'state') }),
    startServerProcess({ stateDir: join(dir.path, 'short'), args: ['--config', config] }),
  ]);
  const [k1, k2] = await configure(server);
  keyA = k1 as string;
  a = client(server, keyA);
  b = client(server, k2 as string);
});

after(async () => {
  await Promise.all([server?.stop(), shortLived?.stop()]);
  await Promise.all([chat?.close(), ds?.close(), native?.close()]);
  dir?.cleanup();
});

describe('stored responses over a chat upstream', () => {
  test('store (the default) then previous_response_id: the upstream gets the first turn input and output, then the new input', async () => {
    const first = await a.responses.create({ model: 'oa/mock-small', instructions: 'Be brief.', input: 'My name is Ada.' });
    assert.equal(storeOf(first), true);
    assert.equal(first.previous_response_id, null);
    assert.equal(first.output_text, TEXT);

    const second = await a.responses.create({ model: 'oa/mock-small', previous_response_id: first.id, input: 'What is my name?' });
    assert.equal(second.previous_response_id, first.id);
    assert.equal(storeOf(second), true);
    assert.notEqual(second.id, first.id);
    assert.deepEqual(
      lastChat().messages.map((m) => [m.role, m.content]),
      [
        ['user', 'My name is Ada.'],
        ['assistant', TEXT],
        ['user', 'What is my name?'],
      ],
      'the earlier instructions are not carried over (as OpenAI does); the conversation is',
    );

    // A chain: the third turn sees all of it, through the second response only.
    await a.responses.create({ model: 'oa/mock-small', previous_response_id: second.id, input: [{ role: 'user', content: 'And again?' }] });
    assert.deepEqual(
      lastChat().messages.map((m) => m.content),
      ['My name is Ada.', TEXT, 'What is my name?', TEXT, 'And again?'],
    );
  });

  test('a big turn (its long strings lifted out for routing, #19) is stored whole, and a big follow-up still gets the whole conversation', async () => {
    const big = `${'tool output line, é ✓ 中文 \\ " '.repeat(3000)}end`;
    const first = await a.responses.create({ model: 'oa/mock-small', input: [{ role: 'user', content: big }] });
    await a.responses.create({ model: 'oa/mock-small', previous_response_id: first.id, input: [{ role: 'user', content: `again ${big}` }] });
    assert.deepEqual(
      lastChat().messages.map((m) => m.content),
      [big, TEXT, `again ${big}`],
    );
  });

  test('a streamed response is stored once it completes, and a follow-up sent at once finds it', async () => {
    const stream = a.responses.stream({ model: 'oa/mock-small', input: 'Streamed first turn' });
    const done = await stream.finalResponse();
    assert.equal(storeOf(done), true);
    const next = await a.responses.create({ model: 'oa/mock-small', previous_response_id: done.id, input: 'follow-up' });
    assert.equal(next.output_text, TEXT);
    assert.deepEqual(lastChat().messages.map((m) => m.content), ['Streamed first turn', TEXT, 'follow-up']);
    const got = await a.responses.retrieve(done.id);
    assert.equal(got.id, done.id);
    assert.equal(got.output_text, done.output_text);
    assert.deepEqual(got.output.map((o) => o.id), done.output.map((o) => o.id));
  });

  test('GET returns the stored response; DELETE removes it, then GET and a follow-up are 404', async () => {
    const r = await a.responses.create({ model: 'oa/mock-small', input: 'keep me' });
    const got = await a.responses.retrieve(r.id);
    assert.equal(got.id, r.id);
    assert.equal(got.object, 'response');
    assert.equal(storeOf(got), true);
    assert.deepEqual(got.output, r.output);

    const res = await fetch(`${server.url}/v1/responses/${r.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${keyA}` } });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { id: r.id, object: 'response', deleted: true });
    assert.deepEqual(await failure(a.responses.retrieve(r.id)), { status: 404, code: 'response_not_found', type: 'not_found_error' });
    assert.equal((await failure(a.responses.delete(r.id))).status, 404);
    const before = chat.chatRequests().length;
    assert.equal((await failure(a.responses.create({ model: 'oa/mock-small', previous_response_id: r.id, input: 'x' }))).status, 404);
    assert.equal(chat.chatRequests().length, before, 'nothing went upstream');
  });

  test('store: false keeps nothing: the response says so and GET is 404', async () => {
    const r = await a.responses.create({ model: 'oa/mock-small', input: 'forget me', store: false });
    assert.equal(storeOf(r), false);
    assert.equal((await failure(a.responses.retrieve(r.id))).status, 404);
    assert.equal((await failure(a.responses.create({ model: 'oa/mock-small', previous_response_id: r.id, input: 'x' }))).code, 'response_not_found');
  });

  test("a second key gets 404 for the first key's response, and cannot delete it", async () => {
    const r = await a.responses.create({ model: 'oa/mock-small', input: 'mine' });
    assert.deepEqual(await failure(b.responses.retrieve(r.id)), { status: 404, code: 'response_not_found', type: 'not_found_error' });
    assert.equal((await failure(b.responses.delete(r.id))).status, 404);
    assert.equal((await failure(b.responses.create({ model: 'oa/mock-small', previous_response_id: r.id, input: 'x' }))).status, 404);
    assert.equal((await a.responses.retrieve(r.id)).id, r.id, 'still there for its own key');
  });
});

describe('stored responses over other upstreams', () => {
  test('a thinking upstream: the stored turn keeps its sealed reasoning, so the follow-up is accepted', async () => {
    const tools: OpenAI.Responses.Tool[] = [{ type: 'function', name: 'get_weather', strict: false, parameters: { type: 'object', properties: { city: { type: 'string' } } } }];
    const first = await a.responses.create({ model: 'ds/deepseek-reasoner', input: 'Weather in Paris?', tools });
    const call = first.output.find((o) => o.type === 'function_call');
    assert.ok(call && call.type === 'function_call', JSON.stringify(first.output));
    assert.ok(first.output.some((o) => o.type === 'reasoning' && typeof o.encrypted_content === 'string'));
    const second = await a.responses.create({
      model: 'ds/deepseek-reasoner',
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"sky":"clear"}' }],
      tools,
    });
    assert.equal(second.output_text, 'Sunny in Paris.');
    assert.deepEqual(ds.refusals, []);
    const sent = ds.requests.at(-1)?.body.messages as { role: string; reasoning_content?: string }[];
    assert.equal(sent.find((m) => m.role === 'assistant')?.reasoning_content, 'I should look the weather up.');
  });

  test('a native Responses upstream: the gateway expands the id itself and never sends it upstream', async () => {
    const first = await a.responses.create({ model: 'oar/gpt-native', input: 'native first' });
    const got = await a.responses.retrieve(first.id);
    assert.equal(got.id, first.id);
    assert.equal(storeOf(got), true);
    const stream = a.responses.stream({ model: 'oar/gpt-native', previous_response_id: first.id, input: 'native second' });
    const second = await stream.finalResponse();
    const sent = native.requests.at(-1)?.body as Record<string, unknown>;
    assert.equal('previous_response_id' in sent, false);
    assert.deepEqual(sent.input, [{ type: 'message', role: 'user', content: 'native first' }, ...(first.output as unknown[]), { type: 'message', role: 'user', content: 'native second' }]);
    const stored = await a.responses.retrieve(second.id);
    assert.equal(stored.previous_response_id, first.id, 'the stored copy says what it continued');
  });
});

describe('bad input and expiry', () => {
  test('wrong-typed fields are 400s, ids of the wrong shape 404s, in the OpenAI error format; never a 500', async () => {
    const post = (body: unknown) => fetch(`${server.url}/v1/responses`, { method: 'POST', headers: { authorization: `Bearer ${keyA}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const get = (path: string, method = 'GET', key = keyA) => fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${key}` } });
    const cases: [Promise<Response>, number, string][] = [
      [post({ model: 'oa/mock-small', input: 'x', previous_response_id: 42 }), 400, 'validation_failed'],
      [post({ model: 'oa/mock-small', input: 'x', store: 'yes' }), 400, 'validation_failed'],
      [post({ model: 'oa/mock-small', input: 'x', previous_response_id: '../../etc/passwd' }), 404, 'response_not_found'],
      [post({ model: 'oa/mock-small', input: 'x', previous_response_id: 'resp_' + 'a'.repeat(500) }), 404, 'response_not_found'],
      [post({ model: 'oa/mock-small', previous_response_id: 'resp_nothing' }), 404, 'response_not_found'],
      [get('/v1/responses/resp_unknown'), 404, 'response_not_found'],
      [get('/v1/responses/%E0%A4%A'), 404, 'response_not_found'],
      [get('/v1/responses/' + 'x'.repeat(300)), 404, 'response_not_found'],
      [get('/v1/responses/resp_x', 'POST'), 405, 'bad_request'],
      [get('/v1/responses/resp_x', 'GET', 'sk-sy-' + 'a'.repeat(40)), 401, 'invalid_api_key'],
    ];
    for (const [p, status, code] of cases) {
      const res = await p;
      const body = (await res.json()) as { error: { message: string; type: string; code: string } };
      assert.equal(res.status, status, JSON.stringify(body));
      assert.equal(body.error.code, code);
      assert.equal(typeof body.error.message, 'string');
      assert.equal(typeof body.error.type, 'string');
    }
  });

  test('a response past responses.storeTtlMs is gone: GET and a follow-up are 404', async () => {
    const [key] = await configure(shortLived);
    const c = client(shortLived, key as string);
    const r = await c.responses.create({ model: 'oa/mock-small', input: 'short-lived' });
    assert.equal((await c.responses.retrieve(r.id)).id, r.id);
    await new Promise((res) => setTimeout(res, 2_100));
    assert.equal((await failure(c.responses.retrieve(r.id))).status, 404);
    assert.equal((await failure(c.responses.create({ model: 'oa/mock-small', previous_response_id: r.id, input: 'x' }))).code, 'response_not_found');
  });
});
