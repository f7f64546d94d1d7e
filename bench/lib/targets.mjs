// The processes a benchmark run measures: the mock upstream (also the "direct"
// target), the bare proxy, Portkey and Switchyard instances. Each target says
// how to send each scenario to it: path, headers and the model name to use.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePortkey, portkeyFallbackHeaders, portkeyHeaders } from './portkey.mjs';
import { portLine, spawnReady, stopChild } from './proc.mjs';

const JSON_CT = { 'content-type': 'application/json' };
const CHAT = '/v1/chat/completions';
/** Agent-shaped chat bodies (bench/lib/agent-bodies.mjs) go wherever `big` goes. */
const chatLike = (scenario) => ['chat', 'stream', 'big'].includes(scenario) || scenario.startsWith('agent-chat');

/** A target: `{ name, base, pid, child, shape(scenario) → {path, headers, model} | null }`. */
function target(name, port, spawned, shape) {
  return { name, base: `http://127.0.0.1:${port}`, port, pid: spawned.pid, child: spawned.child, shape, stop: () => stopChild(spawned.child) };
}

export async function startMock(benchDir) {
  const s = await spawnReady(process.execPath, [join(benchDir, 'mock-upstream.mjs')], { ready: portLine, name: 'mock upstream' });
  const auth = { ...JSON_CT, authorization: 'Bearer sk-mock' };
  return target('direct', s.value, s, (scenario) => {
    if (chatLike(scenario)) return { path: CHAT, headers: auth, model: 'bench-model' };
    if (scenario === 'fail') return { path: '/fail' + CHAT, headers: auth, model: 'bench-model' };
    return null;
  });
}

export async function startBare(benchDir, mock) {
  const s = await spawnReady(process.execPath, [join(benchDir, 'bare-proxy.mjs'), '--upstream', mock.base], { ready: portLine, name: 'bare proxy' });
  const auth = { ...JSON_CT, authorization: 'Bearer sk-mock' };
  return target('bare proxy', s.value, s, (scenario) =>
    chatLike(scenario) ? { path: CHAT, headers: auth, model: 'bench-model' } : null,
  );
}

export async function startPortkey(benchDir, mock, port) {
  const entry = ensurePortkey(benchDir);
  const s = await spawnReady(process.execPath, [entry, `--port=${port}`, '--headless'], {
    ready: (line) => (/Ready for connections|is running at/i.test(line) ? true : undefined),
    name: 'portkey',
    timeoutMs: 60_000,
  });
  const ok = portkeyHeaders(`${mock.base}/v1`);
  return target('portkey', port, s, (scenario) => {
    if (chatLike(scenario)) return { path: CHAT, headers: { ...JSON_CT, ...ok }, model: 'bench-model' };
    if (scenario === 'fallback') return { path: CHAT, headers: { ...JSON_CT, ...portkeyFallbackHeaders(`${mock.base}/fail/v1`, `${mock.base}/v1`) }, model: 'bench-model' };
    return null;
  });
}

/** The minimal gateway (`minimal-gateway.mjs`), with `skip` duties left out; `key` is the inference key it accepts. */
export async function startMinimal(benchDir, mock, { name, key, dbFile, skip = [] }) {
  const args = [join(benchDir, 'minimal-gateway.mjs'), '--upstream', mock.base, '--key', key, '--db', dbFile];
  if (skip.length) args.push('--skip', skip.join(','));
  const s = await spawnReady(process.execPath, args, { ready: portLine, name });
  const auth = { ...JSON_CT, authorization: `Bearer ${key}` };
  // With duties left out (--skip) it serves non-stream chat only: the duties cell.
  const serves = (scenario) => scenario === 'chat' || (scenario === 'stream' && skip.length === 0);
  return target(name, s.value, s, (scenario) => (serves(scenario) ? { path: CHAT, headers: auth, model: 'mock/bench-model' } : null));
}

/** Environment for a Switchyard process: nothing inherited that could point it elsewhere. */
export function switchyardEnv(home) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('SWITCHYARD_') || k === 'DATABASE_URL') delete env[k];
  return { ...env, SWITCHYARD_HOME: home, SWITCHYARD_SECRET: 'bench-secret', SWITCHYARD_PASSWORD: 'bench-password-0000' };
}

/** Seeds a fresh state directory (providers, combo, keys) and returns the key to use. */
export function seedSwitchyard(root, stateDir, mock, { extraKeys = 0, failCombos = 0, databaseUrl, rpmLimit } = {}) {
  mkdirSync(join(stateDir, 'default'), { recursive: true, mode: 0o700 });
  const input = { dbFile: join(stateDir, 'default', 'switchyard.db'), secret: 'bench-secret', upstream: mock.base, extraKeys, failCombos, databaseUrl, rpmLimit };
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench/seed.ts'), JSON.stringify(input)], { cwd: root });
  return JSON.parse(out.toString().trim().split('\n').pop()).key;
}

export async function startSwitchyard(root, { name, stateDir, home, key, port = 0, nodeArgs = [], env = {}, databaseUrl }) {
  const db = databaseUrl ? ['--database-url', databaseUrl] : [];
  const s = await spawnReady(process.execPath, [...nodeArgs, join(root, 'bin/switchyard.js'), 'start', '--port', String(port), '--state-dir', stateDir, ...db], {
    env: { ...switchyardEnv(home), ...env },
    ready: (line) => /listening on (http:\/\/\S+)/.exec(line)?.[1],
    name,
    stdoutFile: join(home, `${name.replace(/\W+/g, '-')}.log`),
  });
  const actualPort = Number(new URL(s.value).port);
  const auth = { ...JSON_CT, authorization: `Bearer ${key}` };
  return target(name, actualPort, s, (scenario) => {
    if (chatLike(scenario)) return { path: CHAT, headers: auth, model: 'mock/bench-model' };
    // Translated: the agent's own API in front of a chat upstream.
    if (scenario.startsWith('agent-responses')) return { path: '/v1/responses', headers: auth, model: 'mock/bench-model' };
    if (scenario.startsWith('agent-messages')) return { path: '/v1/messages', headers: { ...auth, 'anthropic-version': '2023-06-01' }, model: 'mock/bench-model' };
    if (scenario === 'responses' || scenario === 'responses-store') return { path: '/v1/responses', headers: auth, model: 'mock/bench-model' };
    if (scenario === 'fallback') return { path: CHAT, headers: auth, model: 'bench-fallback' };
    if (scenario === 'fallback-fresh') return { path: CHAT, headers: auth, model: 'fb-__N__' };
    return null;
  });
}
