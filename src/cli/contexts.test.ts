import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { configFile, loadCliConfig, resolveTarget, saveCliConfig, type CliConfigFile } from './contexts.js';
import { CliError } from './exit-codes.js';

let home: string;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  home = join(mkdtempSync(join(tmpdir(), 'sy-ctx-')), 'home');
  env = { SWITCHYARD_HOME: home };
});
afterEach(() => rmSync(join(home, '..'), { recursive: true, force: true }));

const sample = (): CliConfigFile => ({
  version: 1,
  current: 'lab',
  contexts: {
    lab: { url: 'http://10.0.0.5:20128', auth: { kind: 'token', token: 'sya_live_lab' }, scope: 'admin' },
    ci: { url: 'https://sy.example.com', auth: { kind: 'token', token: 'env:CI_TOKEN' }, scope: 'read' },
  },
});

test('saves into a 0700 directory as a 0600 file, leaving no temp file behind', () => {
  saveCliConfig(sample(), env);
  assert.equal(statSync(home).mode & 0o777, 0o700);
  assert.equal(statSync(configFile(env)).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(home), ['config.json']);
  assert.deepEqual(loadCliConfig(env, () => assert.fail('no warning expected')), sample());
});

test('rewrites atomically: the old file is replaced whole, permissions repaired', () => {
  saveCliConfig(sample(), env);
  chmodSync(home, 0o755);
  const next = sample();
  next.current = 'ci';
  saveCliConfig(next, env);
  assert.equal(statSync(home).mode & 0o777, 0o700);
  assert.equal((JSON.parse(readFileSync(configFile(env), 'utf8')) as CliConfigFile).current, 'ci');
  assert.deepEqual(readdirSync(home), ['config.json']);
});

test('warns on stderr when the file is readable by group or others', () => {
  saveCliConfig(sample(), env);
  chmodSync(configFile(env), 0o644);
  const warnings: string[] = [];
  loadCliConfig(env, (m) => warnings.push(m));
  assert.equal(warnings.length, 1);
  assert.match(warnings[0] as string, /readable by group or others.*chmod 600/);
});

test('a missing file means only the built-in default; a corrupt one is an error', () => {
  const cfg = loadCliConfig(env);
  const t = resolveTarget({}, cfg, env);
  assert.deepEqual([t.context, t.url, t.auth?.kind], ['default', 'http://127.0.0.1:20128', 'cli-token']);
  saveCliConfig(sample(), env);
  writeFileSync(configFile(env), '{not json', { mode: 0o600 });
  assert.throws(() => loadCliConfig(env), CliError);
});

test('resolution order: --server > SWITCHYARD_URL > --context > active context', () => {
  const cfg = sample();
  assert.equal(resolveTarget({}, cfg, env).context, 'lab');
  assert.equal(resolveTarget({ context: 'ci' }, cfg, env).url, 'https://sy.example.com');
  const fromEnv = resolveTarget({ context: 'ci' }, cfg, { ...env, SWITCHYARD_URL: 'http://127.0.0.1:9999' });
  assert.deepEqual([fromEnv.url, fromEnv.source], ['http://127.0.0.1:9999', 'env']);
  const fromFlag = resolveTarget({ server: 'http://127.0.0.1:7777/', context: 'ci' }, cfg, { ...env, SWITCHYARD_URL: 'http://127.0.0.1:9999' });
  assert.deepEqual([fromFlag.url, fromFlag.source], ['http://127.0.0.1:7777', 'flag']);
  assert.throws(() => resolveTarget({ context: 'nope' }, cfg, env), (e: unknown) => e instanceof CliError && e.exitCode === 4);
});

test('a direct URL borrows the credentials of a context with the same URL, else SWITCHYARD_TOKEN', () => {
  const cfg = sample();
  const same = resolveTarget({ server: 'http://10.0.0.5:20128/' }, cfg, env);
  assert.deepEqual([same.context, same.auth], ['lab', { kind: 'token', token: 'sya_live_lab' }]);
  const withToken = resolveTarget({ server: 'http://10.0.0.5:20128' }, cfg, { ...env, SWITCHYARD_TOKEN: 'sya_live_x' });
  assert.deepEqual(withToken.auth, { kind: 'token', token: 'env:SWITCHYARD_TOKEN' });
  assert.equal(resolveTarget({ server: 'http://127.0.0.1:1234' }, cfg, env).auth?.kind, 'cli-token');
});

test('a malformed context is skipped with a warning; the others still load', () => {
  saveCliConfig(sample(), env);
  const raw = JSON.parse(readFileSync(configFile(env), 'utf8')) as { contexts: Record<string, unknown> };
  raw.contexts.broken = { url: 'http://x', auth: { kind: 'token' } };
  writeFileSync(configFile(env), JSON.stringify(raw), { mode: 0o600 });
  const warnings: string[] = [];
  const cfg = loadCliConfig(env, (m) => warnings.push(m));
  assert.deepEqual(Object.keys(cfg.contexts).sort(), ['ci', 'lab']);
  assert.match(warnings.join('\n'), /context 'broken'.*malformed \(auth.token\)/);
});
