// Model discovery against local fake upstreams speaking each wire protocol:
// `providers add` without --models, `providers sync`, refusals that still
// save the provider, and `configure codex` right after.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { closedPort, json, runCli, startServerProcess, tempDir, type ServerProcess, type TempDir } from '../helpers/cli.js';
import { startMockAnthropic } from '../helpers/mock-anthropic.js';
import { startMockGemini } from '../helpers/mock-gemini.js';
import { startMockOpenAI, type MockOpenAI } from '../helpers/mock-openai.js';

let dir: TempDir;
let server: ServerProcess;
let env: Record<string, string>;
let openai: MockOpenAI;
const closers: (() => Promise<void>)[] = [];
const cli = (...args: string[]) => runCli(args, { env });

interface ProviderJson {
  name: string;
  models: { id: string }[];
}

before(async () => {
  dir = tempDir('discovery');
  server = await startServerProcess({ stateDir: join(dir.path, 'state'), env: { SWITCHYARD_DISCOVERY_TIMEOUT_MS: '1500' } });
  env = { SWITCHYARD_HOME: join(dir.path, 'home'), SWITCHYARD_URL: server.url, CODEX_HOME: join(dir.path, 'codex') };
  openai = await startMockOpenAI({ models: ['alpha', 'beta'], apiKey: 'sk-upstream' });
  closers.push(() => openai.close());
});

after(async () => {
  await server?.stop();
  for (const c of closers) await c();
  dir?.cleanup();
});

test('configure codex on a provider with no models says to run providers sync', async () => {
  const port = await closedPort();
  const r = await cli('providers', 'add', 'empty', '--base-url', `http://127.0.0.1:${port}/v1`);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /ECONNREFUSED/);
  assert.match(r.stderr, /switchyard providers sync empty/);
  const codex = await cli('configure', 'codex', '--model', 'empty/x', '--name', 'none');
  assert.equal(codex.code, 4, codex.stderr);
  assert.match(codex.stderr, /no models yet; .*switchyard providers sync/);
  assert.equal((await cli('providers', 'remove', 'empty')).code, 0);
});

test('providers add without --models stores the upstream\'s models, says how many, and configure codex works at once', async () => {
  const r = await cli('providers', 'add', 'mock', '--base-url', openai.url, '--api-key', 'sk-upstream');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /found 2 models upstream/);
  const listed = json<ProviderJson[]>(await cli('providers', 'list', '--json')).find((p) => p.name === 'mock');
  assert.deepEqual(listed?.models.map((m) => m.id), ['alpha', 'beta']);
  const listCall = openai.requests.find((q) => q.path === '/v1/models');
  assert.equal(listCall?.headers.authorization, 'Bearer sk-upstream');

  const codex = await cli('configure', 'codex', '--model', 'mock/alpha', '--name', 'sy');
  assert.equal(codex.code, 0, codex.stderr);
  assert.match(readFileSync(join(dir.path, 'codex', 'sy.config.toml'), 'utf8'), /mock\/alpha/);
});

test('providers sync reports added and removed models, and keeps (and flags) one a combo uses', async () => {
  assert.equal((await cli('combos', 'add', 'pair', '--strategy', 'fallback', '--target', 'mock/beta')).code, 0);
  openai.setModels(['alpha', 'gamma', 'delta']);
  const r = await cli('providers', 'sync', 'mock', '--json');
  assert.equal(r.code, 0, r.stderr);
  const out = json<{ added: string[]; removed: string[]; kept: { id: string; combos: string[] }[]; provider: ProviderJson }>(r);
  assert.deepEqual(out.added.sort(), ['delta', 'gamma']);
  assert.deepEqual(out.removed, []);
  assert.deepEqual(out.kept, [{ id: 'beta', combos: ['pair'] }]);
  assert.deepEqual(out.provider.models.map((m) => m.id).sort(), ['alpha', 'beta', 'delta', 'gamma']);

  openai.setModels(['alpha']);
  const human = await cli('providers', 'sync', 'mock');
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /0 added, 2 removed/);
  assert.match(human.stdout, /- (delta, gamma|gamma, delta)/);
  assert.match(human.stdout, /beta is gone upstream but kept: combo pair uses it/);
});

test('an upstream that refuses (401, not JSON, timeout) is named, and the provider is still saved', async () => {
  const wrongKey = await cli('providers', 'add', 'badkey', '--base-url', openai.url, '--api-key', 'sk-wrong');
  assert.equal(wrongKey.code, 0, wrongKey.stderr);
  assert.match(wrongKey.stderr, /answered 401: Incorrect API key provided/);
  assert.ok(!wrongKey.stderr.includes('sk-wrong'), 'the credential is not echoed');


  const html = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html>login page</html>');
  });
  const hang: Server = createServer(() => {
    // never answers
  });
  for (const s of [html, hang]) await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  closers.push(
    () => new Promise<void>((r) => html.close(() => r())),
    async () => {
      hang.closeAllConnections();
      await new Promise<void>((r) => hang.close(() => r()));
    },
  );
  const port = (s: Server) => (s.address() as { port: number }).port;
  const notJson = await cli('providers', 'add', 'htmlish', '--base-url', `http://127.0.0.1:${port(html)}/v1`);
  assert.equal(notJson.code, 0, notJson.stderr);
  assert.match(notJson.stderr, /answered 200 but not JSON: <html>login page<\/html>/);
  const slow = await cli('providers', 'add', 'slow', '--base-url', `http://127.0.0.1:${port(hang)}/v1`);
  assert.equal(slow.code, 0, slow.stderr);
  assert.match(slow.stderr, /no answer in time/);

  const names = json<ProviderJson[]>(await cli('providers', 'list', '--json')).map((p) => p.name);
  for (const n of ['badkey', 'htmlish', 'slow']) assert.ok(names.includes(n), `${n} saved`);

  // configure on a server whose providers have no models points at sync.
  const sync = await cli('providers', 'sync', 'badkey');
  assert.equal(sync.code, 1);
  assert.match(sync.stderr, /could not list the models of 'badkey': .*answered 401/);
});

test('Anthropic and Gemini upstreams are listed through their own endpoints', async () => {
  const anthropic = await startMockAnthropic({ apiKey: 'ant-key' });
  const gemini = await startMockGemini({ apiKey: 'gem-key' });
  closers.push(() => anthropic.close(), () => gemini.close());
  const a = await cli('providers', 'add', 'ant', '--type', 'anthropic', '--base-url', anthropic.url, '--api-key', 'ant-key', '--json');
  assert.equal(a.code, 0, a.stderr);
  assert.deepEqual(json<ProviderJson>(a).models.map((m) => m.id), ['claude-mock-1']);
  const g = await cli('providers', 'add', 'gem', '--type', 'gemini', '--base-url', gemini.url, '--api-key', 'gem-key', '--json');
  assert.equal(g.code, 0, g.stderr);
  assert.deepEqual(json<ProviderJson>(g).models.map((m) => m.id), ['gemini-mock']);
});
