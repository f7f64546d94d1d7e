// #19 scope 4: large bodies are never logged. A real server process at the most verbose log
// level gets 1 MB bodies on each API — answered, refused (not JSON, a bad field, a bad block),
// and failed upstream — with a marker string inside; its whole output must not hold the marker,
// and no log line may grow with the body.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { json, runCli, startServerProcess, tempDir, type ServerProcess, type TempDir } from '../helpers/cli.js';
import { startMockOpenAI, type MockOpenAI } from '../helpers/mock-openai.js';

let dir: TempDir;
let server: ServerProcess;
let upstream: MockOpenAI;
let key = '';
const MARKER = `body-marker-${randomBytes(6).toString('hex')}`;
const BIG = `${MARKER} ` + 'tool output line: Größe ✓ {"a":1}\n'.repeat(30_000);

before(async () => {
  dir = tempDir('big-body-log');
  upstream = await startMockOpenAI({ models: ['good', 'bad'], apiKey: 'up-key' });
  upstream.setModelBehavior('bad', { kind: 'status', status: 400, body: { error: { message: 'upstream refused', type: 'invalid_request_error' } } });
  server = await startServerProcess({ stateDir: join(dir.path, 'state'), env: { SWITCHYARD_LOG_LEVEL: 'debug' } });
  const env = { SWITCHYARD_HOME: join(dir.path, 'home'), SWITCHYARD_URL: server.url };
  assert.equal((await runCli(['providers', 'add', 'mock', '--base-url', upstream.url, '--api-key', 'up-key', '--models', 'good,bad'], { env })).code, 0);
  const created = await runCli(['keys', 'add', '--name', 'k', '--json'], { env });
  assert.equal(created.code, 0, created.stderr);
  key = json<{ key: string }>(created).key;
});

after(async () => {
  await server?.stop();
  await upstream?.close();
  dir?.cleanup();
});

async function post(path: string, body: string): Promise<number> {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'x-api-key': key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

test('1 MB bodies, answered, refused or failed upstream, leave no trace of their content in the log', async () => {
  const user = [{ role: 'user', content: BIG }];
  const sent: [string, string, number][] = [
    ['/v1/chat/completions', JSON.stringify({ model: 'mock/good', messages: user }), 200],
    ['/v1/chat/completions', JSON.stringify({ model: 'mock/bad', messages: user }), 400],
    ['/v1/chat/completions', JSON.stringify({ model: 'mock/good', messages: user }).slice(0, -3), 400],
    ['/v1/chat/completions', JSON.stringify({ model: 'mock/good', messages: BIG }), 400],
    ['/v1/responses', JSON.stringify({ model: 'mock/good', input: [{ role: 'user', content: BIG }], store: false }), 200],
    ['/v1/responses', JSON.stringify({ model: 'mock/good', input: [{ role: 'robot', content: BIG }] }), 400],
    ['/v1/messages', JSON.stringify({ model: 'mock/good', max_tokens: 10, messages: user }), 200],
    ['/v1/messages', JSON.stringify({ model: 'mock/good', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'text', text: 5, note: BIG }] }] }), 400],
  ];
  for (const [path, body, status] of sent) {
    assert.ok(Buffer.byteLength(body) > 1_000_000);
    assert.equal(await post(path, body), status, `${path} ${body.slice(0, 80)}`);
  }
  await new Promise((r) => setTimeout(r, 300));
  const out = server.output();
  assert.ok(out.includes('"level"'), 'the server logged something to check');
  assert.equal(out.includes(MARKER), false, 'a body marker reached the log');
  const longest = Math.max(...out.split('\n').map((l) => l.length));
  assert.ok(longest < 4096, `a log line of ${longest} characters`);
});
