// #20 item 6: one provider credential the instance cannot open (sealed under
// another secret, or damaged) makes that provider alone unusable. A real server
// process on a real SQLite file; the rows are spoiled between two starts, the
// way a restored backup or a hand-edited database would.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { createSecretBox } from '../../src/storage/index.js';
import { json, runCli, startServerProcess, tempDir, type ServerProcess, type TempDir } from '../helpers/cli.js';
import { startMockOpenAI, type MockOpenAI } from '../helpers/mock-openai.js';

const FOREIGN_PLAINTEXT = 'sk-foreign-plaintext-0123456789';
let dir: TempDir;
let upstream: MockOpenAI;
let server: ServerProcess;
let env: Record<string, string>;
let key = '';
const cli = (...args: string[]) => runCli(args, { env });
const stateDir = () => join(dir.path, 'state');

before(async () => {
  dir = tempDir('cred-unreadable');
  upstream = await startMockOpenAI();
  server = await startServerProcess({ stateDir: stateDir() });
  env = { SWITCHYARD_HOME: join(dir.path, 'home'), SWITCHYARD_URL: server.url };
  for (const name of ['good', 'foreign', 'damaged']) {
    const r = await cli('providers', 'add', name, '--base-url', upstream.url, '--api-key', `sk-${name}-key`, '--models', 'm');
    assert.equal(r.code, 0, r.stderr);
  }
  const combo = await cli('combos', 'add', 'fallback', '--target', 'foreign/m', '--target', 'good/m');
  assert.equal(combo.code, 0, combo.stderr);
  const created = await cli('keys', 'add', '--name', 'k', '--json');
  assert.equal(created.code, 0, created.stderr);
  key = (JSON.parse(created.stdout) as { key: string }).key;
  await server.stop();
  // Spoil two rows: one sealed under a secret this instance does not hold, one not a sealed value at all.
  const db = new Database(join(server.instanceDir, 'switchyard.db'));
  const foreign = createSecretBox(randomBytes(32)).encrypt(FOREIGN_PLAINTEXT);
  db.prepare('UPDATE providers SET credential_enc = ? WHERE name = ?').run(foreign, 'foreign');
  db.prepare('UPDATE providers SET credential_enc = ? WHERE name = ?').run('v1.garbage', 'damaged');
  db.close();
  server = await startServerProcess({ stateDir: stateDir() });
  env.SWITCHYARD_URL = server.url;
  // Said at start, before any request needs the provider.
  const until = Date.now() + 10_000;
  while (!server.output().includes('credential_unreadable') && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  assert.match(server.output(), /credential_unreadable/, 'the start logs the unreadable credentials');
});

after(async () => {
  await server?.stop();
  await upstream?.close();
  dir?.cleanup();
});

const chat = (model: string) =>
  fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  });

test('#20 item 6: an unreadable credential makes only its provider unusable; the others and a combo still answer 200', async () => {
  const good = await chat('good/m');
  assert.equal(good.status, 200, await good.text());
  const viaCombo = await chat('fallback');
  assert.equal(viaCombo.status, 200, await viaCombo.text());
  for (const name of ['foreign', 'damaged']) {
    const res = await chat(`${name}/m`);
    const text = await res.text();
    assert.equal(res.status, 503, text);
    const err = (JSON.parse(text) as { error: { code: string; message: string } }).error;
    assert.equal(err.code, 'credential_unreadable');
    assert.match(err.message, new RegExp(`provider '${name}'.*cannot be decrypted.*set the key again`));
  }
  const msgs = await fetch(`${server.url}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': key, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model: 'damaged/m', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
  });
  const body = (await msgs.json()) as { type: string; error: { message: string } };
  assert.equal(msgs.status, 503);
  assert.equal(body.type, 'error');
  assert.match(body.error.message, /provider 'damaged'/);
});

test('#20 item 6: providers status (CLI, JSON from the management API) and the log name the broken providers, never a secret', async () => {
  const r = await cli('providers', 'status', '--json');
  assert.equal(r.code, 0, r.stderr);
  const rows = json<{ name: string; state: string; lastError: string | null }[]>(r);
  const state = Object.fromEntries(rows.map((p) => [p.name, p.state]));
  assert.deepEqual(state, { damaged: 'credential_unreadable', foreign: 'credential_unreadable', good: 'ok' });
  assert.match(rows.find((p) => p.name === 'foreign')?.lastError ?? '', /SWITCHYARD_SECRET/);
  const table = await cli('providers', 'status');
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /foreign\s+credential_unreadable/);
  assert.match(table.stdout, /good\s+ok/);
  const test = await cli('providers', 'test', 'foreign', '--json');
  assert.match(test.stdout + test.stderr, /cannot be decrypted/);
  const log = server.output();
  assert.match(log, /"provider":"foreign".*credential_unreadable|credential_unreadable.*"provider":"foreign"/);
  assert.match(log, /"provider":"damaged"/);
  for (const secret of [FOREIGN_PLAINTEXT, 'sk-foreign-key', 'sk-damaged-key', 'v1.garbage']) {
    assert.ok(!log.includes(secret), `the log shows ${secret}`);
    assert.ok(!r.stdout.includes(secret) && !table.stdout.includes(secret), `status shows ${secret}`);
  }
});
