// SIGTERM during traffic loses no usage row: a real `switchyard start` process,
// set up through the CLI, serving slow streams and quick answers from several
// clients when it is told to stop. Afterwards the SQLite file is opened
// directly and every request the clients saw complete must have its row.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { runCli, startServerProcess, tempDir, type ServerProcess, type TempDir } from '../helpers/cli.js';
import { startMockOpenAI, type MockOpenAI } from '../helpers/mock-openai.js';

let dir: TempDir;
let mock: MockOpenAI;
let server: ServerProcess;
let key: string;

before(async () => {
  dir = tempDir('gw-sigterm');
  mock = await startMockOpenAI({ apiKey: 'upstream-secret' });
  // Streams take ~250 ms, so some are always in flight when SIGTERM arrives.
  mock.setModelBehavior('mock-small', { kind: 'ok', chunkDelayMs: 35 });
  server = await startServerProcess({ stateDir: join(dir.path, 'state') });
  const env = { SWITCHYARD_HOME: join(dir.path, 'cli'), SWITCHYARD_URL: server.url };
  const added = await runCli(['providers', 'add', 'mock', '--base-url', mock.url, '--api-key', 'upstream-secret', '--models', 'mock-small'], { env });
  assert.equal(added.code, 0, added.stderr);
  const created = await runCli(['keys', 'add', '--name', 'sigterm', '--json'], { env });
  assert.equal(created.code, 0, created.stderr);
  key = (JSON.parse(created.stdout) as { key: string }).key;
});

after(async () => {
  await server?.stop();
  await mock?.close();
  dir?.cleanup();
});

/** One request; its request id if the client saw it complete, else null. */
async function one(stream: boolean, n: number): Promise<string | null> {
  try {
    const res = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: 'mock/mock-small', messages: [{ role: 'user', content: `request ${n}` }], stream }),
    });
    const text = await res.text();
    if (res.status !== 200) return null;
    if (stream ? !text.includes('data: [DONE]') || text.includes('"error"') : !(JSON.parse(text) as { choices?: unknown }).choices) return null;
    return res.headers.get('x-request-id');
  } catch {
    return null;
  }
}

test('SIGTERM during traffic: every completed request has its usage row', async () => {
  const completed: string[] = [];
  let n = 0;
  let stop = false;
  const client = async (c: number) => {
    while (!stop) {
      const id = await one(c % 2 === 0, n++);
      if (id) completed.push(id);
      else if (stop || server.child.exitCode !== null) break;
    }
  };
  const clients = Array.from({ length: 8 }, (_, c) => client(c));
  await new Promise((r) => setTimeout(r, 1200));
  const inFlightAtSignal = n - completed.length;
  const exited = new Promise<number | null>((r) => server.child.once('exit', (code) => r(code)));
  server.child.kill('SIGTERM');
  const code = await exited;
  stop = true;
  await Promise.all(clients);
  assert.equal(code, 0, server.output());
  assert.ok(completed.length >= 10, `only ${completed.length} requests completed`);
  assert.ok(inFlightAtSignal > 0, 'requests were in flight at SIGTERM');

  const db = new Database(join(server.instanceDir, 'switchyard.db'), { readonly: true });
  try {
    const rows = db.prepare('select request_id, status, input_tokens, output_tokens, cost_usd from usage').all() as {
      request_id: string; status: number; input_tokens: number; output_tokens: number;
    }[];
    const byId = new Map(rows.map((r) => [r.request_id, r]));
    const missing = completed.filter((id) => !byId.has(id));
    assert.deepEqual(missing, [], `${missing.length} of ${completed.length} completed requests have no usage row`);
    for (const id of completed) {
      const r = byId.get(id);
      assert.equal(r?.status, 200, id);
      assert.ok((r?.input_tokens ?? 0) > 0 && (r?.output_tokens ?? 0) > 0, id);
    }
  } finally {
    db.close();
  }
});

test('SIGTERM with streams outlasting the grace period: each is ended with a shutting-down event and recorded as 503', async () => {
  const grace = join(dir.path, 'grace.json');
  writeFileSync(grace, JSON.stringify({ shutdownGraceMs: 300 }));
  // ~0.5 s between chunks: the streams are still running when the 300 ms grace ends.
  mock.setModelBehavior('mock-slow', { kind: 'ok', chunkDelayMs: 500 });
  const slow = await startServerProcess({ stateDir: join(dir.path, 'state-grace'), args: ['--config', grace] });
  try {
    const env = { SWITCHYARD_HOME: join(dir.path, 'cli-grace'), SWITCHYARD_URL: slow.url };
    assert.equal((await runCli(['providers', 'add', 'mock', '--base-url', mock.url, '--api-key', 'upstream-secret', '--models', 'mock-slow'], { env })).code, 0);
    const created = await runCli(['keys', 'add', '--name', 'grace', '--json'], { env });
    const graceKey = (JSON.parse(created.stdout) as { key: string }).key;
    const streams = await Promise.all(
      [0, 1, 2].map(async () => {
        const res = await fetch(`${slow.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${graceKey}` },
          body: JSON.stringify({ model: 'mock/mock-slow', messages: [{ role: 'user', content: 'long answer please' }], stream: true }),
        });
        assert.equal(res.status, 200);
        const reader = (res.body as ReadableStream<Uint8Array>).getReader();
        const first = await reader.read(); // the stream has begun
        assert.ok(first.value && first.value.length > 0);
        return { id: res.headers.get('x-request-id') as string, reader };
      }),
    );
    const signalled = Date.now();
    const exited = new Promise<number | null>((r) => slow.child.once('exit', (code) => r(code)));
    slow.child.kill('SIGTERM');
    const tails = await Promise.all(
      streams.map(async ({ reader }) => {
        let text = '';
        const decoder = new TextDecoder();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return text;
          text += decoder.decode(value, { stream: true });
        }
      }),
    );
    assert.equal(await exited, 0, slow.output());
    assert.ok(Date.now() - signalled < 2_500, `stopped after ${Date.now() - signalled} ms; the grace was 300 ms`);
    for (const tail of tails) {
      assert.match(tail, /SHUTTING_DOWN|shutting down/, tail);
      assert.doesNotMatch(tail, /\[DONE\]/, 'the stream was cut, not completed');
    }
    const db = new Database(join(slow.instanceDir, 'switchyard.db'), { readonly: true });
    try {
      for (const { id } of streams) {
        const row = db.prepare('select status, error_code from usage where request_id = ?').get(id) as { status: number; error_code: string } | undefined;
        assert.deepEqual(row, { status: 503, error_code: 'SHUTTING_DOWN' }, id);
      }
    } finally {
      db.close();
    }
  } finally {
    await slow.stop();
  }
});
