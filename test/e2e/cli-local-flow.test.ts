// The local flow using only the CLI: a provider pointed at a mock upstream,
// `providers test`, a key, a combo whose first target fails; the official
// `openai` SDK then gets a completion through the combo (non-stream, stream,
// tool call), /v1/models lists the ids and the combo, and the requests show up
// in `logs` (also while following) and `usage`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { cleanEnv, json, ROOT, runCli, startServerProcess, tempDir, type ServerProcess, type TempDir } from '../helpers/cli.js';
import { MOCK_TOOL_ARGUMENTS, startMockOpenAI, type MockOpenAI } from '../helpers/mock-openai.js';

let dir: TempDir;
let server: ServerProcess;
let upstream: MockOpenAI;
let env: Record<string, string>;
const cli = (...args: string[]) => runCli(args, { env });

before(async () => {
  dir = tempDir('cli-flow');
  upstream = await startMockOpenAI({ models: ['good', 'bad'], apiKey: 'up-key' });
  server = await startServerProcess({ stateDir: join(dir.path, 'state') });
  env = { SWITCHYARD_HOME: join(dir.path, 'home'), SWITCHYARD_URL: server.url };
});

after(async () => {
  await server?.stop();
  await upstream?.close();
  dir?.cleanup();
});

async function chat(key: string, model: string): Promise<Response> {
  return fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  });
}

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('provider test, key, combo with fallback, then logs and usage show the request', async () => {
  assert.equal((await cli('providers', 'add', 'mock', '--base-url', upstream.url, '--api-key', 'up-key', '--models', 'good,bad')).code, 0);
  const probe = await cli('providers', 'test', 'mock', '--json');
  assert.equal(probe.code, 0, probe.stderr);
  assert.equal(json<{ ok: boolean }>(probe).ok, true);

  const wrongKey = await cli('providers', 'add', 'mock2', '--base-url', upstream.url, '--api-key', 'nope', '--models', 'good');
  assert.equal(wrongKey.code, 0);
  const refused = await cli('providers', 'test', 'mock2');
  assert.equal(refused.code, 1, 'a provider refusing the credential fails the test');

  const key = /(sk-sy-[A-Za-z0-9]{40})/.exec((await cli('keys', 'add', '--name', 'flow')).stdout)?.[1] as string;
  assert.ok(key);
  assert.equal((await cli('combos', 'add', 'chain', '--target', 'mock/bad', '--target', 'mock/good')).code, 0);
  upstream.setModelBehavior('bad', { kind: 'status', status: 500 });

  // Follow the logs from before the request.
  const follower = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'logs', '--follow', '--json'], {
    cwd: ROOT,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let followed = '';
  follower.stdout.on('data', (c: Buffer) => (followed += c.toString('utf8')));
  try {
    await new Promise((r) => setTimeout(r, 1500));
    const res = await chat(key, 'chain');
    assert.equal(res.status, 200, await res.clone().text());
    await res.json();

    const [rec] = await until(async () => {
      const records = json<{ combo: string | null; model: string; status: number; fallbackPath: string[] }[]>(await cli('logs', '--json'));
      return records.length ? records : undefined;
    }, 'the request in logs');
    assert.equal(rec?.combo, 'chain');
    assert.equal(rec?.status, 200);
    assert.equal(rec?.model, 'good');
    await until(async () => (followed.includes('"combo": "chain"') || followed.includes('"combo":"chain"') ? true : undefined), 'logs --follow to print it');
  } finally {
    follower.kill('SIGTERM');
  }

  // The official SDK with the key the CLI printed.
  const sdk = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: key, maxRetries: 0 });
  const plain = await sdk.chat.completions.create({ model: 'chain', messages: [{ role: 'user', content: 'hi' }] });
  assert.ok(plain.choices[0]?.message.content);
  let streamed = '';
  for await (const chunk of await sdk.chat.completions.create({ model: 'chain', messages: [{ role: 'user', content: 'hi' }], stream: true })) {
    streamed += chunk.choices[0]?.delta?.content ?? '';
  }
  assert.ok(streamed.length > 0);
  const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
  const withTool = await sdk.chat.completions.create({ model: 'chain', messages: [{ role: 'user', content: 'weather?' }], tools });
  const call = withTool.choices[0]?.message.tool_calls?.[0];
  assert.equal(call?.type === 'function' ? call.function.arguments : undefined, MOCK_TOOL_ARGUMENTS);
  const ids = (await sdk.models.list()).data.map((m) => m.id);
  for (const id of ['mock/good', 'mock/bad', 'chain']) assert.ok(ids.includes(id), `${id} missing from /v1/models`);

  const total = async () => json<{ totals: { requests: number } }>(await cli('usage', '--by', 'key', '--json')).totals.requests;
  await until(async () => ((await total()) === 4 ? true : undefined), 'four requests in usage');
  const status = json<{ name: string; targets: { target: string; state: string }[] }[]>(await cli('providers', 'status', '--json'));
  assert.ok(status.find((p) => p.name === 'mock')?.targets.some((t) => t.target === 'mock/bad'), 'the failing target is tracked');
});
