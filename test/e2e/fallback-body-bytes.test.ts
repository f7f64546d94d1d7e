// A pass-through attempt writes the upstream's model name over the client's body
// bytes instead of copying a big body (attempt/splice-model.ts, #19). These are the
// cases where that could leak into what comes after it: a fallback to a second
// pass-through target, to a translated one (an Anthropic upstream parses the
// client's body exactly), and the usage row of the request. Each upstream must get
// the client's conversation byte for byte, with its own model name.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { configSchema, generateInferenceKey, hashInferenceKey, maskInferenceKey } from '../../src/core/index.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { startMockAnthropic, type MockUpstream } from '../helpers/mock-anthropic.js';
import { startMockOpenAI, type MockOpenAI } from '../helpers/mock-openai.js';

let dir: string;
let server: RunningServer;
let alpha: MockOpenAI;
let anth: MockUpstream;
let key = '';

// Longer than any upstream id below, so the upstream's model pair fits over the client's: spliced in place.
const TO_CHAT = 'fallback-from-broken-to-a-working-chat-target';
const TO_ANTHROPIC = 'fallback-from-broken-to-an-anthropic-target';
const MESSAGES_TO_CHAT = 'fallback-from-a-broken-anthropic-to-a-chat-target';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-splice-e2e-'));
  alpha = await startMockOpenAI({ apiKey: 'alpha-secret' });
  // One failing model per combo: a target that failed cools down, and the next combo would skip it.
  alpha.setModelBehavior('broken', { kind: 'status', status: 500 });
  alpha.setModelBehavior('broken-2', { kind: 'status', status: 500 });
  anth = await startMockAnthropic({ apiKey: 'anth-secret' });
  const config = configSchema.parse({ stateDir: dir, port: 0, logLevel: 'silent', usageFlushMs: 50 });
  server = await startServer(config, { SWITCHYARD_PASSWORD: 'test-password' });
  const r = server.repos;
  const price = { input: 1, output: 2 };
  await r.providers.create({ name: 'alpha', type: 'openai-compatible', baseUrl: alpha.url, preset: null, models: [{ id: 'broken' }, { id: 'broken-2' }, { id: 'mock-small', price }], credential: 'alpha-secret', enabled: true, supportsResponses: false });
  await r.providers.create({ name: 'anth', type: 'anthropic', baseUrl: anth.url, preset: null, models: [{ id: 'claude-mock-1', price }, { id: 'claude-broken' }], credential: 'anth-secret', enabled: true, supportsResponses: false });
  await r.combos.create({ name: TO_CHAT, strategy: 'fallback', targets: [{ model: 'alpha/broken' }, { model: 'alpha/mock-small' }] });
  await r.combos.create({ name: TO_ANTHROPIC, strategy: 'fallback', targets: [{ model: 'alpha/broken-2' }, { model: 'anth/claude-mock-1' }] });
  await r.combos.create({ name: MESSAGES_TO_CHAT, strategy: 'fallback', targets: [{ model: 'anth/claude-broken' }, { model: 'alpha/mock-small' }] });
  const secret = generateInferenceKey();
  await r.keys.create({ name: 'e2e', prefix: maskInferenceKey(secret), keyHash: hashInferenceKey(secret), allowedModels: null, rpmLimit: null, dailyBudgetUsd: null, monthlyBudgetUsd: null, expiresAt: null });
  key = secret;
});

after(async () => {
  await server?.stop();
  await alpha?.close();
  await anth?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A big chat body (scanned, not parsed whole) with non-ASCII text, as an agent sends deep in a session. */
function bigConversation(): { system: string; user: string } {
  const line = 'src/config/parse.ts:12: Größe prüfen — 检查大小 — ½ of the budget 🚀 ok\n';
  return { system: 'You are a coding agent. ' + line.repeat(40), user: line.repeat(1500) };
}

async function post(model: string, conv: { system: string; user: string }) {
  const body = JSON.stringify({ model, max_tokens: 50, messages: [{ role: 'system', content: conv.system }, { role: 'user', content: conv.user }] });
  assert.ok(Buffer.byteLength(body) > 100 * 1024);
  const res = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
  return { res, json: (await res.json()) as Record<string, unknown> };
}

async function usageRow(id: string) {
  for (let i = 0; i < 100; i++) {
    const row = (await server.repos.usage.list({ limit: 1000 })).find((r) => r.requestId === id);
    if (row) return row;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no usage row for ${id}`);
}

test('a fallback to a second pass-through target sends each upstream its own model over the same conversation', async () => {
  const conv = bigConversation();
  const before = alpha.chatRequests().length;
  const { res } = await post(TO_CHAT, conv);
  assert.equal(res.status, 200);
  const [first, second] = alpha.chatRequests().slice(before) as { body: { model: string; messages: { content: string }[] } }[];
  assert.equal(first?.body.model, 'broken');
  assert.equal(second?.body.model, 'mock-small');
  for (const sent of [first, second]) assert.deepEqual(sent?.body.messages.map((m) => m.content), [conv.system, conv.user]);
  const row = await usageRow(res.headers.get('x-request-id') ?? '');
  assert.equal(row.combo, TO_CHAT);
  assert.deepEqual(row.fallbackPath, ['alpha/broken:500', 'alpha/mock-small:200']);
});

test('a fallback from a pass-through target to a translated one parses the client body as the client sent it', async () => {
  const conv = bigConversation();
  const { res, json } = await post(TO_ANTHROPIC, conv);
  assert.equal(res.status, 200, JSON.stringify(json));
  assert.equal(res.headers.get('x-switchyard-model'), 'claude-mock-1');
  const sent = anth.requests.at(-1)?.body as { model: string; system: unknown; messages: { content: unknown }[] };
  assert.equal(sent.model, 'claude-mock-1');
  const system = typeof sent.system === 'string' ? sent.system : (sent.system as { text: string }[]).map((b) => b.text).join('');
  assert.equal(system, conv.system);
  const user = sent.messages[0]?.content;
  assert.equal(typeof user === 'string' ? user : (user as { text: string }[]).map((b) => b.text).join(''), conv.user);
  const row = await usageRow(res.headers.get('x-request-id') ?? '');
  assert.equal(row.combo, TO_ANTHROPIC);
  assert.deepEqual(row.fallbackPath, ['alpha/broken-2:500', 'anth/claude-mock-1:200']);
});

test('a Messages answer after a native attempt failed names the model the client asked for', async () => {
  // Small and non-ASCII: the translation re-reads the body exactly, after the native attempt wrote over it.
  const text = 'Größe prüfen — 检查大小 🚀';
  anth.enqueue({ fail: { status: 500 } });
  const res = await fetch(`${server.url}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
    body: JSON.stringify({ model: MESSAGES_TO_CHAT, max_tokens: 50, messages: [{ role: 'user', content: text }] }),
  });
  const json = (await res.json()) as { model: string };
  assert.equal(res.status, 200, JSON.stringify(json));
  assert.equal((anth.requests.at(-1)?.body as { model: string }).model, 'claude-broken');
  const sent = alpha.chatRequests().at(-1)?.body as { model: string; messages: { content: unknown }[] };
  assert.equal(sent.model, 'mock-small');
  assert.equal(JSON.stringify(sent.messages).includes(JSON.stringify(text).slice(1, -1)), true, 'the text arrives as the client sent it');
  assert.equal(json.model, MESSAGES_TO_CHAT);
  const row = await usageRow(res.headers.get('x-request-id') ?? '');
  assert.deepEqual(row.fallbackPath, ['anth/claude-broken:500', 'alpha/mock-small:200']);
});

test('a big Messages body passed through to Anthropic is spliced from its skeleton: the conversation arrives byte for byte', async () => {
  const conv = bigConversation();
  const body = JSON.stringify({ system: conv.system, messages: [{ role: 'user', content: [{ type: 'text', text: conv.user }] }], model: 'anth/claude-mock-1', max_tokens: 50 });
  assert.ok(Buffer.byteLength(body) > 100 * 1024);
  const res = await fetch(`${server.url}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
    body,
  });
  const json = (await res.json()) as { model: string };
  assert.equal(res.status, 200, JSON.stringify(json));
  const sent = anth.requests.at(-1)?.body as { model: string; system: string; messages: { content: { text: string }[] }[] };
  assert.equal(sent.model, 'claude-mock-1');
  assert.equal(sent.system, conv.system);
  assert.equal(sent.messages[0]?.content[0]?.text, conv.user);
  assert.equal(json.model, 'anth/claude-mock-1', 'the answer names the model the client asked for');
});
