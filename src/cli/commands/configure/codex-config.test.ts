import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'smol-toml';
import { CliError } from '../../exit-codes.js';
import { checkProfileName, mergeCodexConfig, mergeCodexProfile } from './codex-config.js';

const USER = `# my codex settings
model = "gpt-5"   # default model
approval_policy = "on-request"

[model_providers.ollama]
# local models
name = "Ollama"
base_url = "http://localhost:11434/v1"

[mcp_servers.docs]
command = "docs-mcp"
`;

const URL1 = 'http://127.0.0.1:20128/v1';
const URL2 = 'http://10.0.0.5:20128/v1';

const count = (s: string, needle: string) => s.split(needle).length - 1;
/** smol-toml returns null-prototype objects; compare plain copies. */
const plain = (text: string): unknown => JSON.parse(JSON.stringify(parse(text)));

test('appends our table and keeps every line of the user file', () => {
  const out = mergeCodexConfig(USER, 'config.toml', URL1);
  assert.ok(out.startsWith(USER.trimEnd()), 'user content first and unchanged');
  const doc = parse(out) as { model_providers: Record<string, Record<string, string>> };
  assert.deepEqual(
    { ...doc.model_providers.switchyard },
    { name: 'Switchyard', base_url: URL1, env_key: 'SWITCHYARD_API_KEY', wire_api: 'responses' },
  );
  assert.equal(doc.model_providers.ollama?.base_url, 'http://localhost:11434/v1');
});

test('a second run replaces our table in place: exactly one, user comments intact', () => {
  const once = mergeCodexConfig(USER, 'config.toml', URL1);
  const twice = mergeCodexConfig(once, 'config.toml', URL2);
  assert.equal(count(twice, '[model_providers.switchyard]'), 1);
  assert.ok(twice.includes(URL2) && !twice.includes(URL1));
  for (const line of USER.split('\n')) assert.ok(twice.includes(line), `kept: ${line}`);
  assert.equal(mergeCodexConfig(twice, 'config.toml', URL2), twice, 'idempotent');
});

test('our table in the middle: replaced there, the next table and its comment stay', () => {
  const text = `[model_providers.switchyard]\nbase_url = "http://old/v1"\nenv_key = "X"\n\n# the docs server\n[mcp_servers.docs]\ncommand = "d"\n`;
  const out = mergeCodexConfig(text, 'config.toml', URL1);
  assert.ok(out.indexOf('[model_providers.switchyard]') < out.indexOf('# the docs server'));
  assert.ok(out.includes('# the docs server\n[mcp_servers.docs]\ncommand = "d"'));
  assert.ok(!out.includes('http://old/v1'));
});

test('a quoted header and a sub-table of ours are recognised', () => {
  const text = `[model_providers."switchyard"]\nbase_url = "http://old/v1"\n[model_providers.switchyard.http_headers]\nX-Team = "a"\n`;
  const out = mergeCodexConfig(text, 'config.toml', URL1);
  const doc = parse(out) as { model_providers: { switchyard: { base_url: string; http_headers: Record<string, string> } } };
  assert.equal(doc.model_providers.switchyard.base_url, URL1);
  assert.equal(doc.model_providers.switchyard.http_headers['X-Team'], 'a');
});

test('malformed TOML: a CliError that names the file and line', () => {
  assert.throws(
    () => mergeCodexConfig('model = "a"\n[broken\n', '/x/config.toml', URL1),
    (err: unknown) => err instanceof CliError && err.exitCode === 1 && /\/x\/config\.toml is not valid TOML \(line 2/.test(err.message),
  );
});

test('our provider as an inline table cannot be edited by lines: refused', () => {
  const text = 'model_providers = { switchyard = { base_url = "http://old/v1" } }\n';
  assert.throws(() => mergeCodexConfig(text, 'config.toml', URL1), /cannot edit/);
});

test('profile file: created, then updated in place keeping the user\'s extra settings', () => {
  const first = mergeCodexProfile('', 'p.config.toml', 'glm', 'glm/glm-5.2');
  assert.deepEqual(plain(first), { model_provider: 'switchyard', model: 'glm/glm-5.2' });
  const edited = first + 'model_reasoning_effort = "high"\n\n[tui]\nnotifications = true\n';
  const second = mergeCodexProfile(edited, 'p.config.toml', 'glm', 'fast-combo');
  assert.deepEqual(plain(second), { model_provider: 'switchyard', model: 'fast-combo', model_reasoning_effort: 'high', tui: { notifications: true } });
  assert.equal(count(second, 'model ='), 1);
});

test('profile names that are not safe file names are usage errors', () => {
  assert.equal(checkProfileName('glm-5.2_fast'), 'glm-5.2_fast');
  for (const bad of ['../x', 'a/b', '', '.hidden', 'config', 'x'.repeat(65)]) {
    assert.throws(() => checkProfileName(bad), (e: unknown) => e instanceof CliError && e.exitCode === 2, bad);
  }
});
