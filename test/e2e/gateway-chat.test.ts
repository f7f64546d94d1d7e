// The data plane end to end, in process: the real server on port 0 with a
// temp state dir, providers/keys/combos seeded through server.repos, two mock
// OpenAI upstreams, and the official `openai` SDK as the client.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { configSchema, generateInferenceKey, hashInferenceKey, maskInferenceKey, type UsageRecord } from '../../src/core/index.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import type { NewInferenceKey, Repos } from '../../src/storage/index.js';
import { MOCK_TOOL_ARGUMENTS, startMockOpenAI, type MockOpenAI } from '../helpers/mock-openai.js';

let dir: string;
let server: RunningServer;
let alpha: MockOpenAI;
let beta: MockOpenAI;
const keys: Record<'good' | 'revoked' | 'expired', string> = { good: '', revoked: '', expired: '' };
const PRICE = { input: 1, output: 2 };
const BODY_LIMIT = 64 * 1024;

async function addKey(repos: Repos, opts: Partial<NewInferenceKey> = {}) {
  const secret = generateInferenceKey();
  const key = await repos.keys.create({
    name: 'e2e', prefix: maskInferenceKey(secret), keyHash: hashInferenceKey(secret), allowedModels: null,
    rpmLimit: null, dailyBudgetUsd: null, monthlyBudgetUsd: null, expiresAt: null, ...opts,
  });
  return { secret, key };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-gw-e2e-'));
  alpha = await startMockOpenAI({ apiKey: 'alpha-secret' });
  beta = await startMockOpenAI({ apiKey: 'beta-secret' });
  alpha.setModelBehavior('broken', { kind: 'status', status: 500 });
  const config = configSchema.parse({ stateDir: dir, port: 0, logLevel: 'silent', usageFlushMs: 50, bodyLimitBytes: BODY_LIMIT });
  server = await startServer(config, { SWITCHYARD_PASSWORD: 'test-password' });
  const r = server.repos;
  await r.providers.create({ name: 'alpha', type: 'openai-compatible', baseUrl: alpha.url, preset: null, models: [{ id: 'mock-small', price: PRICE }, { id: 'broken' }], credential: 'alpha-secret', enabled: true, supportsResponses: false });
  await r.providers.create({ name: 'beta', type: 'openai-compatible', baseUrl: beta.url, preset: null, models: [{ id: 'mock-small', price: PRICE }], credential: 'beta-secret', enabled: true, supportsResponses: false });
  await r.combos.create({ name: 'smart', strategy: 'fallback', targets: [{ model: 'alpha/broken' }, { model: 'beta/mock-small' }] });
  keys.good = (await addKey(r)).secret;
  const revoked = await addKey(r);
  await r.keys.revoke(revoked.key.id, Date.now());
  keys.revoked = revoked.secret;
  keys.expired = (await addKey(r, { expiresAt: Date.now() - 1000 })).secret;
});

after(async () => {
  await server?.stop();
  await alpha?.close();
  await beta?.close();
  rmSync(dir, { recursive: true, force: true });
});

const client = (apiKey = keys.good) => new OpenAI({ baseURL: `${server.url}/v1`, apiKey, maxRetries: 0, timeout: 20_000 });
const ask = [{ role: 'user' as const, content: 'Say hello' }];
const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];

async function usageRows(ids: string[]): Promise<Map<string, UsageRecord>> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const rows = await server.repos.usage.list({ limit: 10_000 });
    const byId = new Map(rows.map((u) => [u.requestId, u]));
    if (ids.every((id) => byId.has(id)) || Date.now() > deadline) return byId;
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('non-stream completion by provider/model, with the three headers and a priced usage row', async () => {
  const { data, response } = await client().chat.completions.create({ model: 'beta/mock-small', messages: ask }).withResponse();
  assert.equal(data.choices[0]?.message.content, 'Hello from the mock upstream.');
  const id = response.headers.get('x-request-id') ?? '';
  assert.match(id, /^req_[0-9a-f]{24}$/);
  assert.equal(response.headers.get('x-switchyard-provider'), 'beta');
  assert.equal(response.headers.get('x-switchyard-model'), 'mock-small');
  const sent = beta.chatRequests().at(-1);
  assert.equal((sent?.body as { model: string }).model, 'mock-small');
  assert.equal(sent?.headers.authorization, 'Bearer beta-secret');
  const row = (await usageRows([id])).get(id);
  assert.equal(row?.status, 200);
  assert.equal(row?.provider, 'beta');
  assert.equal(row?.inputTokens, data.usage?.prompt_tokens);
  assert.equal(row?.outputTokens, data.usage?.completion_tokens);
  const expected = ((data.usage?.prompt_tokens ?? 0) * PRICE.input + (data.usage?.completion_tokens ?? 0) * PRICE.output) / 1e6;
  assert.ok(Math.abs((row?.costUsd ?? 0) - expected) < 1e-12, `cost ${row?.costUsd} vs ${expected}`);
});

test('stream through a combo whose first target answers 500: falls back, usage known, usage chunk hidden unless asked', async () => {
  const before = alpha.chatRequests().length;
  const { data: stream, response } = await client().chat.completions.create({ model: 'smart', messages: ask, stream: true }).withResponse();
  let text = '';
  for await (const c of stream) {
    text += c.choices[0]?.delta.content ?? '';
    assert.ok(!c.usage, 'no usage chunk when the client did not ask');
  }
  assert.equal(text, 'Hello from the mock upstream.');
  assert.equal(response.headers.get('x-switchyard-provider'), 'beta');
  assert.equal(alpha.chatRequests().length, before + 1, 'the first target was tried');
  assert.equal((beta.chatRequests().at(-1)?.body as { stream_options?: unknown }).stream_options !== undefined, true, 'include_usage added upstream');
  const id = response.headers.get('x-request-id') ?? '';
  const row = (await usageRows([id])).get(id);
  assert.equal(row?.combo, 'smart');
  assert.deepEqual(row?.fallbackPath, ['alpha/broken:500', 'beta/mock-small:200']);
  assert.ok((row?.outputTokens ?? 0) > 0 && (row?.costUsd ?? 0) > 0);
  assert.ok(row?.ttfbMs !== null);

  const withUsage = await client().chat.completions.create({ model: 'smart', messages: ask, stream: true, stream_options: { include_usage: true } });
  let usage = null;
  for await (const c of withUsage) if (c.usage) usage = c.usage;
  assert.ok(usage && usage.completion_tokens > 0, 'usage chunk when asked');
});

test('tool call through the combo, non-stream and stream (arguments split across chunks)', async () => {
  const r = await client().chat.completions.create({ model: 'smart', messages: [{ role: 'user', content: 'weather in Paris?' }], tools });
  const call = r.choices[0]?.message.tool_calls?.[0];
  assert.equal(r.choices[0]?.finish_reason, 'tool_calls');
  assert.equal(call?.type === 'function' ? call.function.arguments : undefined, MOCK_TOOL_ARGUMENTS);
  const s = await client().chat.completions.create({ model: 'smart', messages: [{ role: 'user', content: 'weather?' }], tools, stream: true });
  let args = '';
  let name = '';
  for await (const c of s) {
    const tc = c.choices[0]?.delta.tool_calls?.[0];
    if (tc?.function?.name) name = tc.function.name;
    args += tc?.function?.arguments ?? '';
  }
  assert.equal(name, 'get_weather');
  assert.deepEqual(JSON.parse(args), JSON.parse(MOCK_TOOL_ARGUMENTS));
  const sentTools = (beta.chatRequests().at(-1)?.body as { tools?: unknown[] }).tools;
  assert.equal(sentTools?.length, 1, 'tools passed through');
});

test('GET /v1/models lists provider/model ids and the combo', async () => {
  const ids = (await client().models.list()).data.map((m) => m.id);
  for (const id of ['alpha/mock-small', 'alpha/broken', 'beta/mock-small', 'smart']) assert.ok(ids.includes(id), id);
  await assert.rejects(client('sk-sy-' + 'x'.repeat(40)).models.list(), (e: unknown) => e instanceof OpenAI.APIError && e.status === 401);
});

async function raw(body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.good}`, ...headers },
    body,
  });
  const text = await res.text();
  return { res, text, json: JSON.parse(text) as { error: { message: string; type: string; code: string } } };
}

test('refusals: right status, OpenAI error body, headers, nothing recorded as a success, server keeps serving', async () => {
  const cases: { name: string; run: () => Promise<{ res: Response; text: string }>; status: number; code: string; says?: RegExp }[] = [
    { name: 'unknown model', run: () => raw(JSON.stringify({ model: 'nope/x', messages: ask })), status: 404, code: 'model_not_found', says: /GET \/v1\/models/ },
    { name: 'unknown combo', run: () => raw(JSON.stringify({ model: 'no-such-combo', messages: ask })), status: 404, code: 'model_not_found', says: /switchyard models list/ },
    { name: 'no key', run: () => raw(JSON.stringify({ model: 'beta/mock-small', messages: ask }), { authorization: '' }), status: 401, code: 'auth_required' },
    { name: 'wrong key', run: () => raw(JSON.stringify({ model: 'beta/mock-small', messages: ask }), { authorization: 'Bearer sk-sy-' + 'Z'.repeat(40) }), status: 401, code: 'invalid_api_key' },
    { name: 'revoked key', run: () => raw(JSON.stringify({ model: 'beta/mock-small', messages: ask }), { authorization: `Bearer ${keys.revoked}` }), status: 401, code: 'invalid_api_key', says: /revoked/ },
    { name: 'expired key', run: () => raw(JSON.stringify({ model: 'beta/mock-small', messages: ask }), { authorization: '', 'x-api-key': keys.expired }), status: 401, code: 'invalid_api_key', says: /expired/ },
    { name: 'invalid JSON', run: () => raw('{"model": "beta/mock-small", "messages": ['), status: 400, code: 'invalid_json' },
    { name: 'body too big', run: () => raw(JSON.stringify({ model: 'beta/mock-small', messages: [{ role: 'user', content: 'x'.repeat(BODY_LIMIT) }] })), status: 413, code: 'body_too_large' },
    { name: 'no messages', run: () => raw(JSON.stringify({ model: 'beta/mock-small' })), status: 400, code: 'validation_failed', says: /messages/ },
  ];
  const ids: string[] = [];
  for (const c of cases) {
    const { res, text } = await c.run();
    assert.equal(res.status, c.status, `${c.name}: ${text}`);
    const body = JSON.parse(text) as { error: { message: string; type: string; code: string } };
    assert.equal(body.error.code, c.code, c.name);
    assert.equal(typeof body.error.type, 'string');
    if (c.says) assert.match(body.error.message, c.says, c.name);
    assert.match(res.headers.get('x-request-id') ?? '', /^req_/, c.name);
    assert.ok(res.headers.get('x-switchyard-provider'), c.name);
    assert.ok(res.headers.get('x-switchyard-model'), c.name);
    ids.push(res.headers.get('x-request-id') ?? '');
  }
  // The SDK sees the same errors as typed exceptions.
  await assert.rejects(client().chat.completions.create({ model: 'nope/x', messages: ask }), (e: unknown) => e instanceof OpenAI.NotFoundError);
  await assert.rejects(client(keys.revoked).chat.completions.create({ model: 'beta/mock-small', messages: ask }), (e: unknown) => e instanceof OpenAI.AuthenticationError);
  await new Promise((r) => setTimeout(r, 200));
  const rows = await usageRows([]);
  for (const id of ids) assert.notEqual(rows.get(id)?.status, 200, `${id} recorded as a success`);
  const ok = await client().chat.completions.create({ model: 'beta/mock-small', messages: ask });
  assert.equal(ok.choices[0]?.message.content, 'Hello from the mock upstream.');
});

test('an upstream that dies mid-stream ends the stream with an error the SDK reports, not a hang', async () => {
  beta.enqueue({ kind: 'reset-mid-stream', afterChunks: 3 });
  const { data: stream, response } = await client().chat.completions.create({ model: 'beta/mock-small', messages: ask, stream: true }).withResponse();
  let text = '';
  await assert.rejects(async () => {
    for await (const c of stream) text += c.choices[0]?.delta.content ?? '';
  }, (e: unknown) => e instanceof OpenAI.APIError && /stream failed/.test(e.message));
  assert.ok(text.length > 0, 'part of the answer arrived first');
  const id = response.headers.get('x-request-id') ?? '';
  const row = (await usageRows([id])).get(id);
  assert.equal(row?.status, 502);
  // A single target that just failed (and is cooling down) is still tried: there is nothing else.
  beta.enqueue({ kind: 'status', status: 503, headers: { 'retry-after': '30' } });
  await assert.rejects(client().chat.completions.create({ model: 'beta/mock-small', messages: ask }), (e: unknown) =>
    e instanceof OpenAI.APIError && e.status === 503 && e.headers?.get('retry-after') === '30');
  const r = await client().chat.completions.create({ model: 'beta/mock-small', messages: ask });
  assert.equal(r.choices[0]?.message.content, 'Hello from the mock upstream.');
});

test('malformed upstream JSON and an upstream 400 reach the caller as errors, not crashes', async () => {
  beta.enqueue({ kind: 'malformed' });
  await assert.rejects(client().chat.completions.create({ model: 'beta/mock-small', messages: ask }), (e: unknown) => e instanceof OpenAI.APIError && e.status === 502);
  beta.enqueue({ kind: 'status', status: 400, body: { error: { message: 'max_tokens is too large', type: 'invalid_request_error', code: 'bad_max' } } });
  await assert.rejects(client().chat.completions.create({ model: 'beta/mock-small', messages: ask }), (e: unknown) =>
    e instanceof OpenAI.BadRequestError && e.message.includes('max_tokens is too large'));
});

test('100 requests → 100 usage rows with tokens and cost', async () => {
  const ids: string[] = [];
  for (let batch = 0; batch < 10; batch++) {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        client().chat.completions.create({ model: 'beta/mock-small', messages: [{ role: 'user', content: `n${batch}-${i}` }], stream: i % 2 === 0 }).withResponse()),
    );
    for (const { data, response } of results) {
      if (Symbol.asyncIterator in data) for await (const _ of data) void _;
      ids.push(response.headers.get('x-request-id') ?? '');
    }
  }
  assert.equal(new Set(ids).size, 100);
  const rows = await usageRows(ids);
  for (const id of ids) {
    const row = rows.get(id);
    assert.equal(row?.status, 200, id);
    assert.ok((row?.inputTokens ?? 0) > 0 && (row?.outputTokens ?? 0) > 0, `${id} tokens`);
    assert.ok((row?.costUsd ?? 0) > 0, `${id} cost`);
  }
});

test('non-ASCII text reaches the upstream exactly: pass-through spliced, pass-through re-encoded, Responses translated (#19 body reading)', async () => {
  const text = 'héllo → 🦊 ünïcode 中文 — ½';
  const last = () => alpha.chatRequests().at(-1)?.body as { model: string; messages: { content: unknown }[]; stream_options?: unknown };
  const spliced = await client().chat.completions.create({ model: 'alpha/mock-small', messages: [{ role: 'user', content: text }] });
  assert.equal(spliced.object, 'chat.completion');
  assert.equal(last().messages[0]?.content, text);
  assert.equal(last().model, 'mock-small');
  // stream_options without include_usage: the body cannot be spliced and is re-encoded.
  const stream = await client().chat.completions.create({ model: 'alpha/mock-small', stream: true, stream_options: { include_usage: false }, messages: [{ role: 'user', content: text }] });
  for await (const chunk of stream) void chunk;
  assert.equal(last().messages[0]?.content, text);
  assert.deepEqual(last().stream_options, { include_usage: true });
  const resp = await client().responses.create({ model: 'alpha/mock-small', instructions: `sys ${text}`, input: text });
  assert.equal(resp.status, 'completed');
  const translated = last();
  assert.deepEqual(translated.messages.map((m) => m.content), [`sys ${text}`, text]);
});
