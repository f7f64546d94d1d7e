// The built bundle (what `npm start` and the bin run) starts and serves both
// planes. Other e2e tests run the sources through tsx; this one guards the
// esbuild settings (bundled dependencies, slimmed undici and zod). `npm test`
// builds first.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI_TOKEN_HEADER, deriveCliToken } from '../../src/core/index.js';
import { cleanEnv, ROOT, tempDir } from '../helpers/cli.js';
import { startMockOpenAI } from '../helpers/mock-openai.js';

test('bin/switchyard.js start serves /api/health and a chat completion through an upstream, and exits 0 on SIGTERM', async () => {
  assert.ok(existsSync(join(ROOT, 'dist/cli/main.js')), 'dist/ is missing: run `npm run build` (npm test does)');
  const tmp = tempDir('start-dist');
  const upstream = await startMockOpenAI();
  after(async () => {
    tmp.cleanup();
    await upstream.close();
  });
  const stateDir = join(tmp.path, 'state');
  const child = spawn(process.execPath, [join(ROOT, 'bin/switchyard.js'), 'start', '--port', '0', '--state-dir', stateDir], {
    env: cleanEnv({ SWITCHYARD_HOME: tmp.path, SWITCHYARD_PASSWORD: 'dist-smoke-password', SWITCHYARD_LOG_LEVEL: 'warn' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  try {
    const runtime = join(stateDir, 'default', 'runtime.json');
    let url = '';
    for (let i = 0; i < 300 && !url; i++) {
      if (child.exitCode !== null) break;
      if (existsSync(runtime)) url = (JSON.parse(readFileSync(runtime, 'utf8')) as { url: string }).url;
      else await sleep(50);
    }
    assert.ok(url, `the server wrote runtime.json:\n${out}`);
    const health = await fetch(`${url}/api/health`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: string }).status, 'ok');
    const models = await fetch(`${url}/v1/models`);
    assert.equal(models.status, 401, 'the gateway answers (no key → 401)');
    assert.ok(((await models.json()) as { error?: unknown }).error);

    // A real upstream call, non-stream and stream: exercises the bundled (slimmed) undici.
    const admin = { [CLI_TOKEN_HEADER]: deriveCliToken(), 'content-type': 'application/json' };
    const provider = await fetch(`${url}/api/providers`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ name: 'mock', type: 'openai-compatible', baseUrl: upstream.url, apiKey: 'sk-mock', models: ['mock-small'] }),
    });
    assert.equal(provider.status, 201, await provider.text());
    const created = await fetch(`${url}/api/keys`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'dist' }) });
    const { key } = (await created.json()) as { key: string };
    const chat = (stream: boolean) =>
      fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'mock/mock-small', stream, messages: [{ role: 'user', content: 'hi' }] }),
      });
    const plain = await chat(false);
    const plainText = await plain.text();
    assert.equal(plain.status, 200, plainText);
    assert.match(plainText, /Hello from the mock upstream/);
    const streamed = await chat(true);
    const streamedText = await streamed.text();
    assert.equal(streamed.status, 200, streamedText);
    assert.match(streamedText, /data: \[DONE\]/);
    assert.equal(upstream.chatRequests().length, 2);
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0, out);
});
