// Prompt caching through a Switchyard process and the mock Anthropic upstream:
// cache_control reaches it on every path (chat translated, Responses with the
// breakpoints we place, Messages native and through a combo), the client sees
// the cache counts in its own usage format, and the usage row keeps reads and
// writes apart with the cost from their own prices.
/* eslint-disable @typescript-eslint/no-explicit-any -- upstream and client JSON bodies, read deep and loosely in assertions */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CLI_TOKEN_HEADER, deriveCliToken, SseParser, type UsageRecord } from '../../src/core/index.js';
import { startServerProcess, tempDir, type ServerProcess, type TempDir } from '../helpers/cli.js';
import { MOCK_CACHE_WRITE_TOKENS, startMockAnthropic, type MockUpstream } from '../helpers/mock-anthropic.js';

const PRICE = { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 };
// The mock's counts: 13 fresh input tokens, 8 read from the cache, 5 written where the request marks a breakpoint; 4 out.
const FRESH = 13;
const READ = 8;
const OUT = 4;
const eph = { type: 'ephemeral' };

let dir: TempDir;
let server: ServerProcess;
let upstream: MockUpstream;
let key: string;
const mgmt = { [CLI_TOKEN_HEADER]: deriveCliToken(), 'content-type': 'application/json' };

before(async () => {
  dir = tempDir('prompt-caching');
  upstream = await startMockAnthropic({ apiKey: 'sk-ant-up', reply: () => ({ text: 'cached answer' }) });
  server = await startServerProcess({ stateDir: join(dir.path, 'state') });
  const post = async (path: string, body: unknown) => {
    const r = await fetch(server.url + path, { method: 'POST', headers: mgmt, body: JSON.stringify(body) });
    assert.ok(r.status === 200 || r.status === 201, `${path}: ${r.status} ${await r.clone().text()}`);
    return (await r.json()) as Record<string, unknown>;
  };
  await post('/api/providers', { name: 'ant', type: 'anthropic', baseUrl: upstream.url, apiKey: 'sk-ant-up', models: [{ id: 'claude-mock-1', price: PRICE }] });
  await post('/api/combos', { name: 'claude-combo', strategy: 'fallback', targets: ['ant/claude-mock-1'] });
  key = String((await post('/api/keys', { name: 'cache-e2e' })).key);
});
after(async () => {
  await server?.stop();
  await upstream?.close();
  dir?.cleanup();
});

async function call(path: string, body: Record<string, unknown>): Promise<{ id: string; json: any; events: any[] }> {
  const res = await fetch(server.url + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  const id = res.headers.get('x-request-id') ?? '';
  if (!body.stream) return { id, json: JSON.parse(text), events: [] };
  const p = new SseParser();
  const events = [...p.push(text), ...p.end()].filter((e) => e.data && e.data !== '[DONE]').map((e) => JSON.parse(e.data) as unknown);
  return { id, json: null, events };
}

/** The upstream body of the request just made. */
const lastUpstream = (): Record<string, any> => upstream.requests.filter((r) => r.url.startsWith('/v1/messages')).at(-1)?.body as Record<string, any>;

async function usageRow(id: string): Promise<UsageRecord> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const r = await fetch(`${server.url}/api/logs?limit=500`, { headers: mgmt });
    const row = ((await r.json()) as { records: UsageRecord[] }).records.find((x) => x.requestId === id);
    if (row || Date.now() > deadline) {
      assert.ok(row, `no usage row for ${id}`);
      return row;
    }
    await new Promise((res) => setTimeout(res, 200));
  }
}

async function assertRecorded(id: string, written: number): Promise<void> {
  const row = await usageRow(id);
  assert.deepEqual([row.inputTokens, row.cachedInputTokens, row.cacheWriteTokens, row.outputTokens], [FRESH + READ + written, READ, written, OUT]);
  const want = (FRESH * PRICE.input + READ * PRICE.cachedInput + written * PRICE.cacheWrite + OUT * PRICE.output) / 1e6;
  assert.ok(Math.abs(row.costUsd - want) < 1e-12, `cost ${row.costUsd}, want ${want}`);
}

const chatBody = {
  model: 'ant/claude-mock-1',
  messages: [
    { role: 'system', content: [{ type: 'text', text: 'A long, stable system prompt.', cache_control: eph }] },
    { role: 'user', content: [{ type: 'text', text: 'Question?', cache_control: eph }] },
  ],
  tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } }, cache_control: eph }],
};

describe('chat client → Anthropic (translated)', () => {
  for (const stream of [false, true]) {
    test(`${stream ? 'stream' : 'non-stream'}: cache_control reaches the upstream; cached_tokens in chat usage; the row priced apart`, async () => {
      const r = await call('/v1/chat/completions', { ...chatBody, ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}) });
      const up = lastUpstream();
      assert.deepEqual(up.system, [{ type: 'text', text: 'A long, stable system prompt.', cache_control: eph }]);
      assert.deepEqual(up.messages[0].content[0].cache_control, eph);
      assert.deepEqual(up.tools[0].cache_control, eph);
      const usage = stream ? r.events.find((e) => e.usage)?.usage : r.json.usage;
      assert.equal(usage.prompt_tokens_details.cached_tokens, READ);
      assert.equal(usage.prompt_tokens, FRESH + READ + MOCK_CACHE_WRITE_TOKENS);
      await assertRecorded(r.id, MOCK_CACHE_WRITE_TOKENS);
    });
  }
});

describe('Responses client → Anthropic (translated): breakpoints placed for it', () => {
  for (const stream of [false, true]) {
    test(`${stream ? 'stream' : 'non-stream'}: system, last tool and last message marked; input_tokens_details.cached_tokens`, async () => {
      const r = await call('/v1/responses', {
        model: 'ant/claude-mock-1',
        instructions: 'Codex-sized instructions.',
        input: [{ role: 'user', content: [{ type: 'input_text', text: 'Fix the bug.' }] }],
        tools: [{ type: 'function', name: 'shell', parameters: { type: 'object' } }],
        ...(stream ? { stream: true } : {}),
      });
      const up = lastUpstream();
      assert.deepEqual(up.system, [{ type: 'text', text: 'Codex-sized instructions.', cache_control: eph }]);
      assert.deepEqual(up.tools.at(-1).cache_control, eph);
      assert.deepEqual(up.messages.at(-1).content.at(-1).cache_control, eph);
      assert.ok((JSON.stringify(up).match(/cache_control/g) ?? []).length <= 4);
      const usage = stream ? r.events.find((e) => e.type === 'response.completed')?.response.usage : r.json.usage;
      assert.equal(usage.input_tokens_details.cached_tokens, READ);
      await assertRecorded(r.id, MOCK_CACHE_WRITE_TOKENS);
    });
  }
});

describe('Messages client → Anthropic (native), directly and through a combo', () => {
  for (const model of ['ant/claude-mock-1', 'claude-combo']) {
    for (const stream of [false, true]) {
      test(`${model}, ${stream ? 'stream' : 'non-stream'}: cache_control untouched; cache read and creation in Messages usage`, async () => {
        const body = {
          model,
          max_tokens: 64,
          system: [{ type: 'text', text: 'Claude Code system prompt.', cache_control: eph }],
          messages: [{ role: 'user', content: [{ type: 'text', text: 'hello', cache_control: { type: 'ephemeral', ttl: '1h' } }] }],
          ...(stream ? { stream: true } : {}),
        };
        const r = await call('/v1/messages', body);
        const up = lastUpstream();
        assert.deepEqual(up.system, body.system);
        assert.deepEqual(up.messages, body.messages);
        const start = r.events.find((e) => e.type === 'message_start')?.message.usage;
        const usage = stream ? { ...start, ...r.events.find((e) => e.type === 'message_delta')?.usage } : r.json.usage;
        assert.equal(usage.cache_read_input_tokens, READ);
        assert.equal(usage.cache_creation_input_tokens, MOCK_CACHE_WRITE_TOKENS);
        assert.equal(usage.input_tokens, FRESH);
        await assertRecorded(r.id, MOCK_CACHE_WRITE_TOKENS);
      });
    }
  }
});

test('a request without breakpoints writes nothing to the cache and is priced without cache writes', async () => {
  const r = await call('/v1/chat/completions', { model: 'ant/claude-mock-1', messages: [{ role: 'user', content: 'plain' }] });
  assert.ok(!JSON.stringify(lastUpstream()).includes('cache_control'));
  await assertRecorded(r.id, 0);
});

test('/api/usage reports cache reads and writes per model and in the totals', async () => {
  // The nine requests above (2 chat, 2 Responses, 4 Messages, 1 plain): recorded once they are (the recorder batches), so poll until the last one is in.
  const deadline = Date.now() + 15_000;
  let body: { groups: { group: string; cachedInputTokens: number; cacheWriteTokens: number; requests: number }[]; totals: { cachedInputTokens: number; cacheWriteTokens: number } };
  for (;;) {
    body = (await (await fetch(`${server.url}/api/usage?by=model`, { headers: mgmt })).json()) as typeof body;
    if (body.groups[0]?.requests === 9 || Date.now() > deadline) break;
    await new Promise((res) => setTimeout(res, 200));
  }
  assert.deepEqual(body.groups.map((g) => [g.group, g.requests, g.cachedInputTokens, g.cacheWriteTokens]), [['claude-mock-1', 9, 9 * READ, 8 * MOCK_CACHE_WRITE_TOKENS]]);
  assert.deepEqual([body.totals.cachedInputTokens, body.totals.cacheWriteTokens], [9 * READ, 8 * MOCK_CACHE_WRITE_TOKENS]);
});
