// The processes a benchmark run measures: the mock upstream (also the "direct"
// target), the bare proxy, Portkey and Switchyard instances. Each target says
// how to send each scenario to it: path, headers and the model name to use.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { agentScenario } from './cells.mjs';
import { ensurePortkey, portkeyFallbackHeaders, portkeyHeaders } from './portkey.mjs';
import { portLine, spawnReady, stopChild } from './proc.mjs';

const JSON_CT = { 'content-type': 'application/json' };
const CHAT = '/v1/chat/completions';
const MESSAGES = '/v1/messages';
const RESPONSES = '/v1/responses';
const ANTHROPIC_VERSION = '2023-06-01';
/** Agent-shaped chat bodies (bench/lib/agent-bodies.mjs) go wherever `big` goes. */
const chatLike = (scenario) => ['chat', 'stream', 'big'].includes(scenario) || scenario.startsWith('agent-chat');
/** `messages` or `responses` for an agent scenario passed through to an upstream of that API, else null. */
const nativeApi = (scenario) => {
  const a = agentScenario(scenario);
  return a && a.native && a.api !== 'chat' ? a.api : null;
};
/** What a client of each API sends: Anthropic's key header and version on Messages, a Bearer token on the others. */
const apiHeaders = (api, key) =>
  api === 'messages' ? { ...JSON_CT, 'x-api-key': key, 'anthropic-version': ANTHROPIC_VERSION } : { ...JSON_CT, authorization: `Bearer ${key}` };
/** Chat, and Messages/Responses passed through, to a process that forwards each path as it is (mock, bare proxy). */
function samePathShape(scenario) {
  if (chatLike(scenario)) return { path: CHAT, headers: apiHeaders('chat', 'sk-mock'), model: 'bench-model' };
  const api = nativeApi(scenario);
  if (api) return { path: api === 'messages' ? MESSAGES : RESPONSES, headers: apiHeaders(api, 'sk-mock'), model: 'bench-model' };
  return null;
}

/** A target: `{ name, base, pid, child, shape(scenario) → {path, headers, model} | null }`. */
function target(name, port, spawned, shape) {
  return { name, base: `http://127.0.0.1:${port}`, port, pid: spawned.pid, child: spawned.child, shape, stop: () => stopChild(spawned.child) };
}

export async function startMock(benchDir) {
  const s = await spawnReady(process.execPath, [join(benchDir, 'mock-upstream.mjs')], { ready: portLine, name: 'mock upstream' });
  return target('direct', s.value, s, (scenario) => {
    if (scenario === 'fail') return { path: '/fail' + CHAT, headers: apiHeaders('chat', 'sk-mock'), model: 'bench-model' };
    return samePathShape(scenario);
  });
}

export async function startBare(benchDir, mock) {
  const s = await spawnReady(process.execPath, [join(benchDir, 'bare-proxy.mjs'), '--upstream', mock.base], { ready: portLine, name: 'bare proxy' });
  return target('bare proxy', s.value, s, samePathShape);
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
    const api = nativeApi(scenario);
    if (api === 'messages') return { path: MESSAGES, headers: { ...apiHeaders(api, 'sk-bench'), 'x-portkey-provider': 'anthropic', 'x-portkey-custom-host': `${mock.base}/v1` }, model: 'bench-model' };
    if (api === 'responses') return { path: RESPONSES, headers: { ...JSON_CT, ...ok }, model: 'bench-model' };
    if (scenario === 'fallback') return { path: CHAT, headers: { ...JSON_CT, ...portkeyFallbackHeaders(`${mock.base}/fail/v1`, `${mock.base}/v1`) }, model: 'bench-model' };
    return null;
  });
}

/** The minimal gateway (`minimal-gateway.mjs`), with `skip` duties left out; `key` is the inference key it accepts. */
export async function startMinimal(benchDir, mock, { name, key, dbFile, skip = [] }) {
  const args = [join(benchDir, 'minimal-gateway.mjs'), '--upstream', mock.base, '--key', key, '--db', dbFile];
  if (skip.length) args.push('--skip', skip.join(','));
  const s = await spawnReady(process.execPath, args, { ready: portLine, name });
  // With duties left out (--skip) it serves non-stream chat only: the duties cell. Whole, it also passes agent
  // bodies through on each API, to the mock's matching path (providers `mockanth`, `mockresp` as in seed.ts).
  return target(name, s.value, s, (scenario) => {
    if (scenario === 'chat' || (skip.length === 0 && chatLike(scenario))) return { path: CHAT, headers: apiHeaders('chat', key), model: 'mock/bench-model' };
    const api = skip.length === 0 ? nativeApi(scenario) : null;
    if (api === 'messages') return { path: MESSAGES, headers: apiHeaders(api, key), model: 'mockanth/bench-model' };
    if (api === 'responses') return { path: RESPONSES, headers: apiHeaders(api, key), model: 'mockresp/bench-model' };
    return null;
  });
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
    // Passed through: Messages to the anthropic-type provider, Responses to the one with supportsResponses (seed.ts).
    const api = nativeApi(scenario);
    if (api === 'messages') return { path: MESSAGES, headers: apiHeaders(api, key), model: 'mockanth/bench-model' };
    if (api === 'responses') return { path: RESPONSES, headers: auth, model: 'mockresp/bench-model' };
    // Translated: the agent's own API in front of a chat upstream.
    if (scenario.startsWith('agent-responses')) return { path: RESPONSES, headers: auth, model: 'mock/bench-model' };
    if (scenario.startsWith('agent-messages')) return { path: MESSAGES, headers: apiHeaders('messages', key), model: 'mock/bench-model' };
    if (scenario === 'responses' || scenario === 'responses-store') return { path: RESPONSES, headers: auth, model: 'mock/bench-model' };
    if (scenario === 'fallback') return { path: CHAT, headers: auth, model: 'bench-fallback' };
    if (scenario === 'fallback-fresh') return { path: CHAT, headers: auth, model: 'fb-__N__' };
    return null;
  });
}
