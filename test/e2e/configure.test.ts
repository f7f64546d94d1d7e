// `switchyard configure codex|claude` run as processes against a real server:
// the catalog comes from GET /api/models, the files land in temp CODEX_HOME /
// CLAUDE_CONFIG_DIR, the user's own content survives, bad input changes nothing.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'smol-toml';
import { runCli, startServerProcess, tempDir, type ServerProcess, type TempDir } from '../helpers/cli.js';

let dir: TempDir;
let server: ServerProcess;
let env: Record<string, string>;

const USER_TOML = `# Codex config — my own notes, keep them
model = "gpt-5"  # default when no profile is given
approval_policy = "on-request"

[model_providers.ollama]
# my local models
name = "Ollama"
base_url = "http://localhost:11434/v1"

# docs server below
[mcp_servers.docs]
command = "docs-mcp"
args = ["--port", "3000"]
`;

before(async () => {
  dir = tempDir('configure');
  server = await startServerProcess({ stateDir: join(dir.path, 'state') });
  env = { SWITCHYARD_HOME: join(dir.path, 'cli'), SWITCHYARD_URL: server.url };
  // A provider nobody calls: configure only reads the catalog.
  const added = await runCli(['providers', 'add', 'mock', '--base-url', 'http://127.0.0.1:9/v1', '--api-key', 'x', '--models', 'm1,m2'], { env });
  assert.equal(added.code, 0, added.stderr);
});

after(async () => {
  await server?.stop();
  dir?.cleanup();
});

function codexEnv(home: string): Record<string, string> {
  return { ...env, CODEX_HOME: home };
}

const mode = (file: string) => statSync(file).mode & 0o777;

test('configure codex twice keeps the user\'s config.toml and leaves exactly one switchyard table', async () => {
  const home = join(dir.path, 'codex-twice');
  mkdirSync(home);
  writeFileSync(join(home, 'config.toml'), USER_TOML);
  const first = await runCli(['configure', 'codex', '--provider', 'mock', '--model', 'mock/m1', '--name', 'sy'], { env: codexEnv(home) });
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /Use it: {2}codex --profile sy\n/);
  const second = await runCli(['configure', 'codex', '--model', 'm2', '--provider', 'mock', '--name', 'sy'], { env: codexEnv(home) });
  assert.equal(second.code, 0, second.stderr);

  const text = readFileSync(join(home, 'config.toml'), 'utf8');
  for (const line of USER_TOML.split('\n')) assert.ok(text.includes(line), `kept: ${line}`);
  assert.equal(text.split('[model_providers.switchyard]').length - 1, 1);
  const doc = parse(text) as { model: string; model_providers: Record<string, Record<string, string>> };
  assert.equal(doc.model, 'gpt-5');
  assert.deepEqual({ ...doc.model_providers.switchyard }, { name: 'Switchyard', base_url: `${server.url}/v1`, env_key: 'SWITCHYARD_API_KEY', wire_api: 'responses' });

  const profile = parse(readFileSync(join(home, 'sy.config.toml'), 'utf8'));
  assert.equal(profile.model_provider, 'switchyard');
  assert.equal(profile.model, 'mock/m2', 'the second run updated the profile');
  assert.equal(mode(join(home, 'config.toml')), 0o600);
  assert.equal(mode(join(home, 'sy.config.toml')), 0o600);
  assert.ok(!/sk-sy-/.test(text), 'no key on disk');
});

test('configure codex --json names the files; a combo or bare id works too', async () => {
  const home = join(dir.path, 'codex-json');
  const r = await runCli(['configure', 'codex', '--model', 'mock/m1', '--name', 'fast', '--json'], { env: codexEnv(home) });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, string>;
  assert.equal(out.profileFile, join(home, 'fast.config.toml'));
  assert.equal(out.baseUrl, `${server.url}/v1`);
  assert.equal(out.envKey, 'SWITCHYARD_API_KEY');
  assert.ok(existsSync(join(home, 'config.toml')));
});

test('malformed config.toml: exit 1, clear message, nothing changed or created', async () => {
  const home = join(dir.path, 'codex-bad');
  mkdirSync(home);
  const bad = 'model = "gpt-5"\n[model_providers.switchyard\nbase_url = 1\n';
  writeFileSync(join(home, 'config.toml'), bad);
  const r = await runCli(['configure', 'codex', '--model', 'mock/m1', '--name', 'sy'], { env: codexEnv(home) });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /config\.toml is not valid TOML \(line 2/);
  assert.equal(readFileSync(join(home, 'config.toml'), 'utf8'), bad);
  assert.ok(!existsSync(join(home, 'sy.config.toml')));
});

test('missing flags without a terminal are usage errors naming the flag; unknown models are not found', async () => {
  const home = join(dir.path, 'codex-flags');
  const noModel = await runCli(['configure', 'codex', '--name', 'sy'], { env: codexEnv(home) });
  assert.equal(noModel.code, 2);
  assert.match(noModel.stderr, /missing --model/);
  const noName = await runCli(['configure', 'codex', '--model', 'mock/m1'], { env: codexEnv(home) });
  assert.equal(noName.code, 2);
  assert.match(noName.stderr, /missing --name/);
  const unknown = await runCli(['configure', 'codex', '--model', 'mock/nope', '--name', 'sy'], { env: codexEnv(home) });
  assert.equal(unknown.code, 4);
  assert.match(unknown.stderr, /not in the catalog.*switchyard models list/);
  const badName = await runCli(['configure', 'codex', '--model', 'mock/m1', '--name', '../evil'], { env: codexEnv(home) });
  assert.equal(badName.code, 2);
  assert.ok(!existsSync(home), 'nothing written');
});

test('configure claude merges settings.json and never writes the key', async () => {
  const cfg = join(dir.path, 'claude');
  mkdirSync(cfg);
  const file = join(cfg, 'settings.json');
  writeFileSync(file, JSON.stringify({ permissions: { allow: ['Bash(npm test)'] }, env: { MY_VAR: 'x' } }, null, 2));
  const r = await runCli(['configure', 'claude', '--model', 'mock/m1'], { env: { ...env, CLAUDE_CONFIG_DIR: cfg } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /export ANTHROPIC_AUTH_TOKEN=sk-sy-…/);
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { permissions: unknown; env: Record<string, string> };
  assert.deepEqual(doc.permissions, { allow: ['Bash(npm test)'] });
  assert.equal(doc.env.MY_VAR, 'x');
  assert.equal(doc.env.ANTHROPIC_BASE_URL, server.url);
  assert.equal(doc.env.ANTHROPIC_MODEL, 'mock/m1');
  assert.equal(doc.env.ANTHROPIC_DEFAULT_HAIKU_MODEL, 'mock/m1');
  assert.equal(doc.env.ANTHROPIC_AUTH_TOKEN, undefined);
  assert.equal(mode(file), 0o600);

  writeFileSync(file, '{ "env": ');
  const bad = await runCli(['configure', 'claude', '--model', 'mock/m1'], { env: { ...env, CLAUDE_CONFIG_DIR: cfg } });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /settings\.json is not valid JSON/);
  assert.equal(readFileSync(file, 'utf8'), '{ "env": ');
});
