// Providers, keys, combos and models through the CLI, as a user runs them,
// against a real server process (SQLite in a temp state dir).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { closedPort, json, runCli, startServerProcess, tempDir, type ServerProcess, type TempDir } from '../helpers/cli.js';

let dir: TempDir;
let server: ServerProcess;
let env: Record<string, string>;
const cli = (...args: string[]) => runCli(args, { env });

before(async () => {
  dir = tempDir('cli-mgmt');
  server = await startServerProcess({ stateDir: join(dir.path, 'state') });
  env = { SWITCHYARD_HOME: join(dir.path, 'home'), SWITCHYARD_URL: server.url };
});

after(async () => {
  await server?.stop();
  dir?.cleanup();
});

interface ProviderJson {
  id: string;
  name: string;
  baseUrl: string;
  hasCredential: boolean;
  models: { id: string; price?: { input: number } }[];
}

describe('providers', () => {
  test('add refuses a bad URL, naming the problem, and writes nothing', async () => {
    for (const [url, problem] of [
      ['not-a-url', /not a valid URL/],
      ['ftp://example.com/v1', /only http and https/],
      ['http://169.254.169.254/latest', /link-local or cloud metadata/],
    ] as const) {
      const r = await cli('providers', 'add', 'custom', '--base-url', url);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, problem);
      assert.match(r.stderr, /baseUrl/);
    }
    assert.deepEqual(json(await cli('providers', 'list', '--json')), []);
  });

  test('add refuses an unknown preset, naming it', async () => {
    const r = await cli('providers', 'add', 'no-such-vendor');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown preset 'no-such-vendor'/);
    const named = await cli('providers', 'add', 'nope', '--name', 'x', '--api-key', 'k');
    assert.equal(named.code, 2);
    assert.match(named.stderr, /unknown preset 'nope'/);
  });

  test('a preset needs only its key; the key is stored encrypted and never returned', async () => {
    const secret = 'glm-secret-0123456789abcdef';
    const r = await cli('providers', 'add', 'glm', '--api-key', secret, '--json');
    assert.equal(r.code, 0, r.stderr);
    const p = json<ProviderJson>(r);
    assert.equal(p.name, 'glm');
    assert.match(p.baseUrl, /^https:\/\//);
    assert.equal(p.hasCredential, true);
    assert.ok(p.models.length > 0 && p.models[0]?.price, 'preset models come with prices');
    const list = await cli('providers', 'list', '--json');
    assert.ok(!list.stdout.includes(secret));
    assert.ok(!(await cli('providers', 'list')).stdout.includes(secret));
    for (const f of readdirSync(server.instanceDir)) {
      const path = join(server.instanceDir, f);
      if (statSync(path).isFile()) assert.ok(!readFileSync(path).includes(secret), `${f} holds the credential in plaintext`);
    }
    const dup = await cli('providers', 'add', 'glm', '--api-key', 'other');
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /already exists/);
  });

  test('custom provider CRUD, models list, remove, and not-found exits 4', async () => {
    const add = await cli('providers', 'add', 'local', '--base-url', 'http://127.0.0.1:11434/v1/', '--models', 'm1,m2', '--json');
    assert.equal(add.code, 0, add.stderr);
    const p = json<ProviderJson>(add);
    assert.equal(p.baseUrl, 'http://127.0.0.1:11434/v1');
    assert.equal(p.hasCredential, false);
    const models = json<{ id: string }[]>(await cli('models', 'list', '--provider', 'local', '--json'));
    assert.deepEqual(models.map((m) => m.id), ['local/m1', 'local/m2']);
    const human = await cli('models', 'list');
    assert.match(human.stdout, /local\/m1/);
    const rm = await cli('providers', 'remove', p.id, '--json');
    assert.equal(rm.code, 0, rm.stderr);
    const again = await cli('providers', 'remove', 'local');
    assert.equal(again.code, 4);
    assert.match(again.stderr, /no provider 'local'/);
    assert.equal((await cli('providers', 'test', 'local')).code, 4);
  });

  test('test reports an unreachable upstream as a failure (exit 1)', async () => {
    const port = await closedPort();
    assert.equal((await cli('providers', 'add', 'dead', '--base-url', `http://127.0.0.1:${port}/v1`, '--models', 'x')).code, 0);
    const r = await cli('providers', 'test', 'dead');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /dead/);
    const status = json<{ name: string; health: string }[]>(await cli('providers', 'status', '--json'));
    assert.ok(status.some((s) => s.name === 'dead'));
    assert.equal((await cli('providers', 'remove', 'dead')).code, 0);
  });
});

describe('keys', () => {
  test('add prints the key once; list and JSON never show it again', async () => {
    const r = await cli('keys', 'add', '--name', 'ci', '--rpm', '60', '--daily-budget', '5', '--models', 'glm/glm-4.6');
    assert.equal(r.code, 0, r.stderr);
    const key = /(sk-sy-[A-Za-z0-9]{40})/.exec(r.stdout)?.[1];
    assert.ok(key, r.stdout);
    assert.match(r.stdout, /only time/);
    for (const args of [['keys', 'list'], ['keys', 'list', '--json']]) {
      const out = (await cli(...args)).stdout;
      assert.ok(!out.includes(key), `${args.join(' ')} shows the key`);
      assert.ok(out.includes(key.slice(0, 10) + '…'), 'the masked prefix is shown');
    }
    const [row] = json<{ name: string; rpmLimit: number; dailyBudgetUsd: number; allowedModels: string[]; status: string }[]>(
      await cli('keys', 'list', '--json'),
    );
    assert.deepEqual([row?.name, row?.rpmLimit, row?.dailyBudgetUsd, row?.allowedModels, row?.status], ['ci', 60, 5, ['glm/glm-4.6'], 'active']);
    for (const f of readdirSync(server.instanceDir)) {
      const path = join(server.instanceDir, f);
      if (statSync(path).isFile()) assert.ok(!readFileSync(path).includes(key), `${f} holds the key in plaintext`);
    }

    const revoke = await cli('keys', 'revoke', key.slice(0, 10) + '…', '--json');
    assert.equal(revoke.code, 0, revoke.stderr);
    const [after] = json<{ status: string }[]>(await cli('keys', 'list', '--json'));
    assert.equal(after?.status, 'revoked');
    assert.equal((await cli('keys', 'revoke', 'key_doesnotexist')).code, 4);
  });

  test('bad flags are usage errors (exit 2) and create nothing', async () => {
    const before = json<unknown[]>(await cli('keys', 'list', '--json')).length;
    assert.equal((await cli('keys', 'add')).code, 2);
    assert.equal((await cli('keys', 'add', '--name', 'x', '--rpm', 'lots')).code, 2);
    assert.equal((await cli('keys', 'add', '--name', 'x', '--daily-budget', '-3')).code, 2);
    assert.equal(json<unknown[]>(await cli('keys', 'list', '--json')).length, before);
  });
});

describe('combos', () => {
  test('create, list, replace and remove; targets must name existing providers', async () => {
    const bad = await cli('combos', 'add', 'c', '--target', 'ghost/model');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /no provider 'ghost'/);
    const noTarget = await cli('combos', 'add', 'c');
    assert.equal(noTarget.code, 2);

    const add = await cli('combos', 'add', 'best', '--target', 'glm/glm-4.6', '--target', 'glm/glm-4.5-air', '--json');
    assert.equal(add.code, 0, add.stderr);
    assert.deepEqual(json<{ targets: { model: string }[] }>(add).targets.map((t) => t.model), ['glm/glm-4.6', 'glm/glm-4.5-air']);
    assert.equal((await cli('combos', 'add', 'best', '--target', 'glm/glm-4.6')).code, 1, 'a duplicate name is a conflict');

    const weightless = await cli('combos', 'add', 'w', '--strategy', 'weighted', '--target', 'glm/glm-4.6');
    assert.equal(weightless.code, 2);
    assert.match(weightless.stderr, /weight/);
    const weighted = await cli('combos', 'add', 'best', '--replace', '--strategy', 'weighted', '--target', 'glm/glm-4.6', '--weight', '3', '--target', 'glm/glm-4.5-air', '--weight', '1', '--json');
    assert.equal(weighted.code, 0, weighted.stderr);
    assert.equal(json<{ strategy: string }>(weighted).strategy, 'weighted');

    const catalog = json<{ id: string; kind: string }[]>(await cli('models', 'list', '--json'));
    assert.ok(catalog.some((m) => m.id === 'best' && m.kind === 'combo'));
    assert.match((await cli('combos', 'list')).stdout, /best\s+weighted/);
    const inUse = await cli('providers', 'remove', 'glm');
    assert.equal(inUse.code, 1);
    assert.match(inUse.stderr, /target of combo 'best'/);
    assert.equal((await cli('combos', 'remove', 'best')).code, 0);
    assert.equal((await cli('combos', 'remove', 'best')).code, 4);
  });
});

describe('exit codes', () => {
  test('an unreachable server exits 5 naming the URL', async () => {
    const port = await closedPort();
    const r = await runCli(['providers', 'list'], { env: { ...env, SWITCHYARD_URL: `http://127.0.0.1:${port}` } });
    assert.equal(r.code, 5);
    assert.match(r.stderr, new RegExp(`127\\.0\\.0\\.1:${port}`));
    assert.match(r.stderr, /connection refused/);
  });

  test('a refused credential is an auth failure (exit 3) with the server message', async () => {
    const r = await runCli(['keys', 'list'], { env: { ...env, SWITCHYARD_TOKEN: 'sya_live_wrong' } });
    assert.equal(r.code, 3);
    assert.match(r.stderr, /INVALID_TOKEN|AUTH_REQUIRED/);
  });

  test('an unknown command or a missing argument is a usage error (exit 2)', async () => {
    assert.equal((await cli('providers', 'frobnicate')).code, 2);
    assert.equal((await cli('providers', 'remove')).code, 2);
  });
});
