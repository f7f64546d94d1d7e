// #20: every bad input a clear 4xx, nothing unbounded. One real server on port
// 0 with small limits, a raw OpenAI-compatible upstream that misbehaves on
// purpose, and the Anthropic and Gemini mocks; each test names its item.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { configSchema, generateInferenceKey, hashInferenceKey, maskInferenceKey } from '../../src/core/index.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { startMockAnthropic, type MockUpstream } from '../helpers/mock-anthropic.js';
import { startMockGemini } from '../helpers/mock-gemini.js';

const BODY_LIMIT = 64 * 1024;
const MAX_ANSWER = 256 * 1024;
let dir: string;
let server: RunningServer;
let raw: Server;
let anthropic: MockUpstream;
let gemini: MockUpstream;
let key = '';

const okJson = (model: string) => JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model, choices: [{ index: 0, message: { role: 'assistant', content: 'fine' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } });
const okSse = (model: string) => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: { role: 'assistant', content: 'fine' }, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`;

/** An OpenAI-compatible upstream whose behaviour is its model's name. */
function startRaw(): Promise<Server> {
  const s = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(parts).toString('utf8') || '{}') as { model?: string; stream?: boolean };
      const model = body.model ?? '';
      if (model === 'html') {
        res.writeHead(200, { 'content-type': 'text/html' });
        return void res.end('<html><body>Bad gateway page</body></html>');
      }
      if (model === 'huge') {
        const big = 'x'.repeat(MAX_ANSWER * 2);
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model, choices: [{ index: 0, message: { role: 'assistant', content: big }, finish_reason: 'stop' }] }));
      }
      if (body.stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        return void res.end(okSse(model));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(okJson(model));
    });
  });
  return new Promise((r) => s.listen(0, '127.0.0.1', () => r(s)));
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-hardening-'));
  raw = await startRaw();
  const hugeText = 'y'.repeat(MAX_ANSWER * 2);
  anthropic = await startMockAnthropic({ reply: (b) => ({ text: b.model === 'huge' ? hugeText : 'fine' }) });
  gemini = await startMockGemini({ reply: () => ({ text: 'fine' }) });
  const config = configSchema.parse({ stateDir: dir, port: 0, logLevel: 'silent', usageFlushMs: 50, bodyLimitBytes: BODY_LIMIT, upstream: { maxResponseBytes: MAX_ANSWER } });
  server = await startServer(config, { SWITCHYARD_PASSWORD: 'test-password' });
  const r = server.repos;
  const rawUrl = `http://127.0.0.1:${(raw.address() as AddressInfo).port}/v1`;
  await r.providers.create({ name: 'oc', type: 'openai-compatible', baseUrl: rawUrl, preset: null, models: [{ id: 'ok' }, { id: 'html' }, { id: 'huge' }], credential: 'c', enabled: true, supportsResponses: false });
  await r.providers.create({ name: 'an', type: 'anthropic', baseUrl: anthropic.url, preset: null, models: [{ id: 'ok' }, { id: 'huge' }], credential: 'c', enabled: true, supportsResponses: false });
  await r.providers.create({ name: 'ge', type: 'gemini', baseUrl: gemini.url, preset: null, models: [{ id: 'ok' }], credential: 'c', enabled: true, supportsResponses: false });
  await r.combos.create({ name: 'html-then-ok', strategy: 'fallback', targets: [{ model: 'oc/html' }, { model: 'oc/ok' }] });
  const secret = generateInferenceKey();
  await r.keys.create({ name: 'h', prefix: maskInferenceKey(secret), keyHash: hashInferenceKey(secret), allowedModels: null, rpmLimit: null, dailyBudgetUsd: null, monthlyBudgetUsd: null, expiresAt: null });
  key = secret;
});

after(async () => {
  await server?.stop();
  await new Promise((r) => raw?.close(r));
  await anthropic?.close();
  await gemini?.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

test('#20 item 1: a 200 text/html answer to a streamed chat request is a 502, and a combo falls back past it', async () => {
  const direct = await post('/v1/chat/completions', { model: 'oc/html', stream: true, messages: [{ role: 'user', content: 'hi' }] });
  const text = await direct.text();
  assert.equal(direct.status, 502, text);
  assert.doesNotMatch(text, /<html>/);
  assert.match((JSON.parse(text) as { error: { message: string } }).error.message, /text\/html/);
  const combo = await post('/v1/chat/completions', { model: 'html-then-ok', stream: true, messages: [{ role: 'user', content: 'hi' }] });
  const sse = await combo.text();
  assert.equal(combo.status, 200);
  assert.match(sse, /"content":"fine"/);
  assert.doesNotMatch(sse, /<html>/);
});

/** Chat bodies of the right outline whose inner fields have the wrong types. */
export const WRONG_TYPED_CHAT: unknown[] = [
  { messages: [{ role: 'user', content: 5 }] },
  { messages: [null] },
  { messages: ['hello'] },
  { messages: [{ role: 'user', content: [null] }] },
  { messages: [{ role: 'user', content: [{ type: 'text', text: 7 }] }] },
  { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: null }] }] },
  { messages: [{ role: 'user', content: { text: 'x' } }] },
  { messages: [{ role: 5, content: 'x' }] },
  { messages: [{ role: 'assistant', content: 'x', tool_calls: {} }] },
  { messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'a', type: 'function', function: null }] }] },
  { messages: [{ role: 'user', content: 'x' }], tools: {} },
  { messages: [{ role: 'user', content: 'x' }], tools: [null] },
  { messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function', function: { name: 'f', parameters: 'x' } }] },
  { messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function' }] },
  { messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function', function: { name: 'f' } }], tool_choice: { type: 'function', function: null } },
  { messages: [{ role: 'user', content: 'x' }], stop: [1, 2] },
  { messages: [{ role: 'user', content: 'x' }], max_tokens: 'many' },
  { messages: [{ role: 'user', content: 'x' }], temperature: 'hot' },
];

for (const provider of ['an', 'ge']) {
  test(`#20 item 2: wrong-typed chat bodies to a ${provider === 'an' ? 'Anthropic' : 'Gemini'} provider are 400 in OpenAI's format, never 500`, async () => {
    for (const [i, body] of WRONG_TYPED_CHAT.entries()) {
      for (const stream of [false, true]) {
        const res = await post('/v1/chat/completions', { model: `${provider}/ok`, stream, ...(body as object) });
        const text = await res.text();
        assert.equal(res.status, 400, `body ${i} stream=${stream}: ${text}`);
        const err = (JSON.parse(text) as { error: { message: string; type: string; code: string } }).error;
        assert.equal(err.code, 'validation_failed', text);
        assert.match(err.message, /invalid request|could not be translated/);
      }
    }
    const ok = await post('/v1/chat/completions', { model: `${provider}/ok`, messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(ok.status, 200, await ok.text());
  });
}

test('#20 item 3: an oversized body gets its 413, read by fetch (not a connection error)', async () => {
  const big = JSON.stringify({ model: 'oc/ok', messages: [{ role: 'user', content: 'z'.repeat(BODY_LIMIT * 4) }] });
  for (let i = 0; i < 3; i++) {
    const res = await post('/v1/chat/completions', big);
    assert.equal(res.status, 413);
    const err = (JSON.parse(await res.text()) as { error: { code: string } }).error;
    assert.equal(err.code, 'body_too_large');
  }
  // Sent in pieces without a length: the limit is passed while the client is still sending.
  const piece = new TextEncoder().encode('z'.repeat(16 * 1024));
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      sent += piece.length;
      if (sent > BODY_LIMIT * 32) c.close();
      else c.enqueue(piece);
    },
  });
  const chunked = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
  assert.equal(chunked.status, 413);
  const anth = await post('/v1/messages', big, { 'x-api-key': key });
  assert.equal(anth.status, 413);
  assert.equal(((await anth.json()) as { type: string }).type, 'error');
});

test('#20 item 7: /v1 refuses a loopback request whose Host is foreign (DNS rebinding), in the caller\'s format', async () => {
  const { request } = await import('node:http');
  const send = (path: string, body: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const u = new URL(server.url);
      const req = request({ host: '127.0.0.1', port: u.port, path, method: path === '/v1/models' ? 'GET' : 'POST', headers: { host: 'evil.example', authorization: `Bearer ${key}`, 'content-type': 'application/json' } }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }));
      });
      req.on('error', reject);
      req.end(path === '/v1/models' ? undefined : body);
    });
  const chat = await send('/v1/chat/completions', JSON.stringify({ model: 'oc/ok', messages: [{ role: 'user', content: 'hi' }] }));
  assert.equal(chat.status, 403, chat.text);
  assert.equal((JSON.parse(chat.text) as { error: { code: string } }).error.code, 'host_not_allowed');
  const models = await send('/v1/models', '');
  assert.equal(models.status, 403);
  const msgs = await send('/v1/messages', JSON.stringify({ model: 'an/ok', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }));
  assert.equal(msgs.status, 403);
  assert.equal((JSON.parse(msgs.text) as { type: string }).type, 'error');
  const fine = await post('/v1/chat/completions', { model: 'oc/ok', messages: [{ role: 'user', content: 'hi' }] });
  assert.equal(fine.status, 200);
});

test('#20 item 8: an upstream answer past upstream.maxResponseBytes is a clear 502, buffered or translated', async () => {
  const json = await post('/v1/chat/completions', { model: 'oc/huge', messages: [{ role: 'user', content: 'hi' }] });
  const text = await json.text();
  assert.equal(json.status, 502, text.slice(0, 200));
  assert.match(text, /larger than 262144 bytes/);
  const resp = await post('/v1/responses', { model: 'an/huge', stream: true, input: 'hi' });
  const sse = await resp.text();
  assert.match(sse, /larger than 262144 bytes/);
  assert.ok(sse.length < MAX_ANSWER * 4, `the stream stopped early (${sse.length} bytes)`);
  const ok = await post('/v1/chat/completions', { model: 'oc/ok', messages: [{ role: 'user', content: 'hi' }] });
  assert.equal(ok.status, 200);
});
