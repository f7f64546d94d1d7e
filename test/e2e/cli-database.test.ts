// `database export → wipe → import` through the CLI restores providers, keys,
// combos and tokens; a malformed import changes nothing.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { json, runCli, startServerProcess, tempDir, type ServerProcess, type TempDir } from '../helpers/cli.js';

let dir: TempDir;
let server: ServerProcess;
let env: Record<string, string>;
const cli = (...args: string[]) => runCli(args, { env });

before(async () => {
  dir = tempDir('cli-db');
  server = await startServerProcess({ stateDir: join(dir.path, 'state') });
  env = { SWITCHYARD_HOME: join(dir.path, 'home'), SWITCHYARD_URL: server.url };
});

after(async () => {
  await server?.stop();
  dir?.cleanup();
});

interface Named {
  name: string;
}

async function inventory(): Promise<Record<string, string[]>> {
  const names = async (args: string[]) => json<Named[]>(await cli(...args, '--json')).map((x) => x.name).sort();
  return {
    providers: await names(['providers', 'list']),
    keys: await names(['keys', 'list']),
    combos: await names(['combos', 'list']),
    tokens: await names(['tokens', 'list']),
  };
}

test('export → wipe → import restores everything; secrets still work', async () => {
  assert.equal((await cli('providers', 'add', 'up', '--base-url', 'http://127.0.0.1:8000/v1', '--api-key', 'upstream-secret', '--models', 'm')).code, 0);
  assert.equal((await cli('providers', 'add', 'groq', '--api-key', 'gsk-secret')).code, 0);
  assert.equal((await cli('keys', 'add', '--name', 'app', '--rpm', '10')).code, 0);
  assert.equal((await cli('combos', 'add', 'chain', '--target', 'up/m', '--target', 'groq/llama-3.3-70b-versatile')).code, 0);
  const tokenOut = (await cli('tokens', 'create', '--name', 'ops', '--scope', 'admin')).stdout;
  const token = /(sya_live_[A-Za-z0-9]{38})/.exec(tokenOut)?.[1] as string;
  assert.ok(token);
  const before = await inventory();
  assert.deepEqual(before, { providers: ['groq', 'up'], keys: ['app'], combos: ['chain'], tokens: ['ops'] });

  const file = join(dir.path, 'snapshot.json');
  const exp = await cli('database', 'export', '--out', file);
  assert.equal(exp.code, 0, exp.stderr);

  assert.equal((await cli('database', 'wipe')).code, 2, 'wipe needs --yes');
  assert.deepEqual((await inventory()).providers, ['groq', 'up']);
  const wipe = await cli('database', 'wipe', '--yes');
  assert.equal(wipe.code, 0, wipe.stderr);
  assert.deepEqual(await inventory(), { providers: [], keys: [], combos: [], tokens: [] });
  const dead = await runCli(['whoami'], { env: { ...env, SWITCHYARD_TOKEN: token } });
  assert.equal(dead.code, 3, 'a wiped token no longer works');

  const imp = await cli('database', 'import', file, '--json');
  assert.equal(imp.code, 0, imp.stderr);
  assert.deepEqual(await inventory(), before);
  const alive = await runCli(['whoami', '--json'], { env: { ...env, SWITCHYARD_TOKEN: token } });
  assert.equal(alive.code, 0, alive.stderr);
  assert.equal(json<{ scope: string }>(alive).scope, 'admin');
  const providers = json<{ name: string; hasCredential: boolean }[]>(await cli('providers', 'list', '--json'));
  assert.ok(providers.every((p) => p.hasCredential), 'credentials survive the round trip');
});

test('a malformed import changes nothing', async () => {
  const before = await inventory();
  const notJson = join(dir.path, 'broken.json');
  writeFileSync(notJson, '{"providers": [');
  assert.equal((await cli('database', 'import', notJson)).code, 2);
  const wrongShape = join(dir.path, 'wrong.json');
  writeFileSync(wrongShape, JSON.stringify({ format: 'switchyard-snapshot', providers: [{ name: 42 }] }));
  const r = await cli('database', 'import', wrongShape);
  assert.notEqual(r.code, 0);
  assert.equal(r.code, 2, r.stderr);
  assert.deepEqual(await inventory(), before);
});

test('export, wipe and import are audited', async () => {
  const events = readFileSync(join(server.instanceDir, 'audit.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { event: string; outcome: string })
    .map((e) => `${e.event}:${e.outcome}`);
  for (const e of ['database.export:success', 'database.wipe:success', 'database.import:success', 'database.import:failure']) {
    assert.ok(events.includes(e), `${e} missing`);
  }
});
