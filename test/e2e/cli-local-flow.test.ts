// The local flow using only the CLI: a provider pointed at a mock upstream,
// `providers test`, a key, a combo whose first target fails; a request through
// the combo shows up in `logs` (also while following) and `usage`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cleanEnv, json, ROOT, runCli, startServerProcess, tempDir, type ServerProcess, type TempDir } from '../helpers/cli.js';
import { startMockOpenAI, type MockOpenAI } from '../helpers/mock-openai.js';

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

  const usage = json<{ groups: { group: string; requests: number }[] }>(await cli('usage', '--by', 'key', '--json'));
  assert.equal(usage.groups.reduce((n, g) => n + g.requests, 0), 1);
  const status = json<{ name: string; targets: { target: string; state: string }[] }[]>(await cli('providers', 'status', '--json'));
  assert.ok(status.find((p) => p.name === 'mock')?.targets.some((t) => t.target === 'mock/bad'), 'the failing target is tracked');
});
