// #20 fuzz: generated malformed bodies (fast-check) to every /v1 route against
// each provider type (the protocol fakes in test/helpers). The property: never
// a 5xx, always the caller's error format, and the server still serves. Bounded:
// SWITCHYARD_FUZZ_RUNS cases per route and provider (default 100); a failure
// prints fast-check's seed and path, so the case can be replayed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { configSchema, generateInferenceKey, hashInferenceKey, maskInferenceKey } from '../../src/core/index.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { startMockAnthropic, type MockUpstream } from '../helpers/mock-anthropic.js';
import { startMockGemini } from '../helpers/mock-gemini.js';
import { startMockOpenAI, type MockOpenAI } from '../helpers/mock-openai.js';
import { startMockResponses } from '../helpers/mock-responses.js';
import { VALID_BODY, mutatedBody, type Api } from '../helpers/fuzz-bodies.js';

const RUNS = Number(process.env.SWITCHYARD_FUZZ_RUNS) || 100;
let dir: string;
let server: RunningServer;
let openai: MockOpenAI;
const mocks: MockUpstream[] = [];
let key = '';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-fuzz-'));
  openai = await startMockOpenAI();
  const [anthropic, gemini, responses] = await Promise.all([startMockAnthropic(), startMockGemini(), startMockResponses()]);
  mocks.push(anthropic, gemini, responses);
  const config = configSchema.parse({ stateDir: dir, port: 0, logLevel: 'silent', usageFlushMs: 50, bodyLimitBytes: 256 * 1024 });
  server = await startServer(config, { SWITCHYARD_PASSWORD: 'test-password' });
  const r = server.repos;
  const base = { preset: null, models: [{ id: 'ok' }], credential: 'c', enabled: true };
  await r.providers.create({ ...base, name: 'oc', type: 'openai-compatible', baseUrl: openai.url, supportsResponses: false });
  await r.providers.create({ ...base, name: 'ocr', type: 'openai-compatible', baseUrl: `${responses.url}/v1`, supportsResponses: true });
  await r.providers.create({ ...base, name: 'an', type: 'anthropic', baseUrl: anthropic.url, supportsResponses: false });
  await r.providers.create({ ...base, name: 'ge', type: 'gemini', baseUrl: gemini.url, supportsResponses: false });
  const secret = generateInferenceKey();
  await r.keys.create({ name: 'fuzz', prefix: maskInferenceKey(secret), keyHash: hashInferenceKey(secret), allowedModels: null, rpmLimit: null, dailyBudgetUsd: null, monthlyBudgetUsd: null, expiresAt: null });
  key = secret;
});

after(async () => {
  await server?.stop();
  await openai?.close();
  await Promise.all(mocks.map((m) => m.close()));
  rmSync(dir, { recursive: true, force: true });
});

const PATHS: Record<Api, string> = { chat: '/v1/chat/completions', responses: '/v1/responses', messages: '/v1/messages', count: '/v1/messages/count_tokens' };

async function send(api: Api, body: string): Promise<{ status: number; type: string; text: string }> {
  const headers: Record<string, string> =
    api === 'messages' || api === 'count'
      ? { 'x-api-key': key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' }
      : { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const res = await fetch(`${server.url}${PATHS[api]}`, { method: 'POST', headers, body });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** The caller's error format: OpenAI's `{error:{message,type,code}}`, Anthropic's `{type:"error",error:{type,message}}`. */
function assertCallerFormat(api: Api, text: string, context: string): void {
  const body = JSON.parse(text) as { type?: unknown; error?: { message?: unknown; type?: unknown } };
  if (api === 'messages' || api === 'count') assert.equal(body.type, 'error', context);
  assert.equal(typeof body.error?.message, 'string', context);
  assert.equal(typeof body.error?.type, 'string', context);
}

/** Which providers each API is sent to: each type, and the native Responses pass-through. */
const CASES: { api: Api; provider: string }[] = [
  ...['oc', 'an', 'ge'].map((provider) => ({ api: 'chat' as const, provider })),
  ...['oc', 'ocr', 'an', 'ge'].map((provider) => ({ api: 'responses' as const, provider })),
  ...['oc', 'an', 'ge'].map((provider) => ({ api: 'messages' as const, provider })),
  { api: 'count', provider: 'an' },
];

for (const { api, provider } of CASES) {
  test(`#20 fuzz: malformed ${PATHS[api]} bodies to ${provider} are never a 5xx, always in the caller's format`, { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(mutatedBody(api, `${provider}/ok`), async (body) => {
        const res = await send(api, body);
        const context = `${PATHS[api]} ${provider}: HTTP ${res.status} for ${body.slice(0, 400)}\n→ ${res.text.slice(0, 400)}`;
        assert.ok(res.status < 500, context);
        if (res.status >= 400) assertCallerFormat(api, res.text, context);
        assert.doesNotMatch(res.text, /Internal error|"internal"/, context);
      }),
      { numRuns: RUNS },
    );
    const fine = await send(api, VALID_BODY[api](`${provider}/ok`, false));
    assert.equal(fine.status, 200, `still serves after the fuzz: ${fine.text.slice(0, 300)}`);
  });
}
