// Tunnels end to end: a real server process with the fake cloudflared behind
// CLOUDFLARED_BIN. Traffic through the tunnel reaches the ingress listener and
// is never loopback; the main port still is. A kill -9 of the server leaves
// the tunnel running, the next start adopts it, and disable leaves no process.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { deriveCliToken } from '../../src/core/index.js';
import { json, ROOT, runCli, startServerProcess, tempDir, type ServerProcess, type TempDir } from '../helpers/cli.js';
import { send } from '../helpers/guard-server.js';
import { startMockOpenAI, type MockOpenAI } from '../helpers/mock-openai.js';

const FAKE = join(ROOT, 'test/fixtures/tunnels/fake-cloudflared');
const CLI_TOKEN = { 'x-switchyard-cli-token': deriveCliToken() };

let dir: TempDir;
let server: ServerProcess;
let upstream: MockOpenAI;
let scripts: Server;
let serverEnv: Record<string, string>;
let cliEnv: Record<string, string>;
let key = '';
let admin = '';
let cloudflaredPid = 0;

const cli = (...args: string[]) => runCli(args, { env: cliEnv, timeoutMs: 90_000 });
const stateDir = () => join(dir.path, 'state');

function gone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return true;
  }
}

function edgeUrl(): string {
  const log = readFileSync(join(server.instanceDir, 'cloudflared.log'), 'utf8');
  const m = /fake edge listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
  assert.ok(m, `no edge in the fake's log:\n${log}`);
  return m[1] as string;
}

// Through the edge the Host is the tunnel's name; on the main port (loopback) the
// DNS-rebinding rule refuses a foreign Host, so the client's own is kept there.
const chat = (base: string, host: string | null = 'fake.trycloudflare.com') =>
  send(base, '/v1/chat/completions', {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, ...(host ? { host } : {}) },
    body: { model: 'mock/good', messages: [{ role: 'user', content: 'hi' }] },
  });

async function boot(): Promise<void> {
  server = await startServerProcess({ stateDir: stateDir(), env: serverEnv });
  cliEnv = { SWITCHYARD_HOME: join(dir.path, 'home'), SWITCHYARD_URL: server.url };
}

before(async () => {
  dir = tempDir('tunnels');
  mkdirSync(join(dir.path, 'home'), { recursive: true });
  writeFileSync(join(dir.path, 'tailscale.json'), JSON.stringify({ loggedIn: false }));
  upstream = await startMockOpenAI({ models: ['good'], apiKey: 'up-key' });
  // The "official install script" for tailscale install on the main port: harmless, prints two lines.
  scripts = createServer((_req, res) => res.end('echo installing step one\necho installing step two\n'));
  await new Promise<void>((r) => scripts.listen(0, '127.0.0.1', r));
  serverEnv = {
    CLOUDFLARED_BIN: FAKE,
    FAKE_CLOUDFLARED_DELAY_MS: '300',
    SWITCHYARD_NGROK_MODULE: join(ROOT, 'test/fixtures/tunnels/fake-ngrok.mjs'),
    TAILSCALE_BIN: join(ROOT, 'test/fixtures/tunnels/fake-tailscale'),
    FAKE_TAILSCALE_STATE: join(dir.path, 'tailscale.json'),
    TAILSCALE_INSTALL_SCRIPT_URL: `http://127.0.0.1:${(scripts.address() as AddressInfo).port}/install.sh`,
  };
  await boot();
  assert.equal((await cli('providers', 'add', 'mock', '--base-url', upstream.url, '--api-key', 'up-key', '--models', 'good')).code, 0);
  key = /(sk-sy-[A-Za-z0-9]{40})/.exec((await cli('keys', 'add', '--name', 'tunnel')).stdout)?.[1] as string;
  admin = /(sya_live_[A-Za-z0-9]{38})/.exec((await cli('tokens', 'create', '--name', 'admin', '--scope', 'admin')).stdout)?.[1] as string;
  assert.ok(key && admin);
});

after(async () => {
  await server?.stop();
  if (cloudflaredPid && !gone(cloudflaredPid)) process.kill(cloudflaredPid, 'SIGKILL');
  await upstream?.close();
  await new Promise((r) => scripts?.close(r));
  dir?.cleanup();
});

test('enable cloudflared: the CLI waits and prints the public URL and the /v1 URL; the state file is 0600', async () => {
  const r = await cli('tunnels', 'enable', 'cloudflared');
  assert.equal(r.code, 0, r.stderr);
  const url = /(https:\/\/fake-[0-9a-f]+\.trycloudflare\.com)/.exec(r.stdout)?.[1];
  assert.ok(url, r.stdout);
  assert.match(r.stdout, new RegExp(`${url}/v1`));
  const file = join(server.instanceDir, 'cloudflared-state.json');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const state = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; url: string; target: string };
  assert.equal(state.url, url);
  const ingress = (JSON.parse(readFileSync(join(server.instanceDir, 'ingress.json'), 'utf8')) as { port: number }).port;
  assert.equal(state.target, `http://127.0.0.1:${ingress}`, 'the tunnel forwards to the ingress listener');
  assert.notEqual(new URL(server.url).port, String(ingress), 'never to the main port');
  cloudflaredPid = state.pid;
  const st = json<Record<string, { phase: string; publicUrl: string; apiUrl: string }>>(await cli('tunnels', 'status', '--json'));
  assert.equal(st.cloudflared?.phase, 'running');
  assert.equal(st.cloudflared?.apiUrl, `${url}/v1`);
  assert.equal(st.ngrok?.phase, 'stopped');
});

test('through the tunnel: /v1 works with a key, the CLI machine token is refused, LOCAL_ONLY is 403 even for admin', async () => {
  const edge = edgeUrl();
  const ok = await chat(edge);
  assert.equal(ok.status, 200, ok.text);
  const cliTok = await send(edge, '/api/tunnels/cloudflared', { headers: { ...CLI_TOKEN, host: 'fake.trycloudflare.com' } });
  assert.equal(cliTok.status, 401);
  const install = await send(edge, '/api/tunnels/tailscale/install', { method: 'POST', body: {}, headers: { authorization: `Bearer ${admin}`, host: 'fake.trycloudflare.com' } });
  assert.equal(install.status, 403);
  assert.equal(install.json().error?.code, 'LOCAL_ONLY');
  const daemon = await send(edge, '/api/tunnels/tailscale/start-daemon', { method: 'POST', body: {}, headers: { authorization: `Bearer ${admin}` } });
  assert.equal(daemon.status, 403);
  // An admin bearer still works through the tunnel for ordinary admin routes.
  assert.equal((await send(edge, '/api/tunnels/cloudflared', { headers: { authorization: `Bearer ${admin}` } })).status, 200);
});

test('the same requests on the main port are loopback', async () => {
  assert.equal((await chat(server.url, null)).status, 200);
  assert.equal((await chat(server.url)).status, 403, 'a foreign Host on loopback is DNS rebinding');
  assert.equal((await send(server.url, '/api/tunnels/cloudflared', { headers: CLI_TOKEN })).status, 200);
  const install = await send(server.url, '/api/tunnels/tailscale/install', { method: 'POST', body: {}, headers: { authorization: `Bearer ${admin}` } });
  assert.equal(install.status, 200, install.text);
  assert.match(install.text, /event: progress\ndata: \{"line":"installing step one"\}/);
  assert.match(install.text, /event: done/);
});

test('kill -9 of the server: the next start adopts the running tunnel; disable leaves no process', async () => {
  const before = JSON.parse(readFileSync(join(server.instanceDir, 'cloudflared-state.json'), 'utf8')) as { pid: number; url: string };
  server.child.kill('SIGKILL');
  await new Promise((r) => server.child.once('exit', r));
  assert.ok(!gone(before.pid), 'the tunnel outlives the server');
  await boot();
  const st = json<Record<string, { phase: string; publicUrl: string }>>(await cli('tunnels', 'status', '--json'));
  assert.equal(st.cloudflared?.phase, 'running');
  assert.equal(st.cloudflared?.publicUrl, before.url);
  assert.equal((await chat(edgeUrl())).status, 200, 'the old tunnel reaches the new server');
  const off = await cli('tunnels', 'disable', 'cloudflared');
  assert.equal(off.code, 0, off.stderr);
  assert.ok(gone(before.pid), `cloudflared ${before.pid} still runs after disable`);
  assert.throws(() => statSync(join(server.instanceDir, 'cloudflared-state.json')));
});

test('CLI: ngrok token from stdin, several backends at once, tailscale helpers, usage errors', async () => {
  const ng = await runCli(['tunnels', 'enable', 'ngrok', '--auth-token-stdin'], { env: cliEnv, input: 'cli-ngrok-token-123\n' });
  assert.equal(ng.code, 0, ng.stderr);
  assert.match(ng.stdout, /https:\/\/fake-1234\.ngrok-free\.app\/v1/);
  assert.equal(ng.stdout.includes('cli-ngrok-token-123') || ng.stderr.includes('cli-ngrok-token-123'), false);
  const st = json<Record<string, { phase: string }>>(await cli('tunnels', 'status', '--json'));
  assert.equal(st.ngrok?.phase, 'running');
  assert.equal((await cli('tunnels', 'disable', 'ngrok')).code, 0);
  const check = json<{ installed: boolean; loggedIn: boolean }>(await cli('tunnels', 'tailscale', 'check', '--json'));
  assert.deepEqual([check.installed, check.loggedIn], [true, false]);
  const login = await cli('tunnels', 'tailscale', 'login');
  assert.equal(login.code, 0, login.stderr);
  assert.match(login.stdout, /https:\/\/login\.tailscale\.com\/a\/fake1234/);
  const funnel = await cli('tunnels', 'enable', 'tailscale');
  assert.equal(funnel.code, 1);
  assert.match(funnel.stderr, /Funnel is not enabled.*https:\/\/login\.tailscale\.com\/f\/funnel\?node=fake1234/);
  const on = await cli('tunnels', 'enable', 'tailscale');
  assert.equal(on.code, 0, on.stderr);
  assert.match(on.stdout, /https:\/\/fakenode\.tail1234\.ts\.net\/v1/);
  assert.equal((await cli('tunnels', 'disable', 'tailscale')).code, 0);
  assert.equal((await cli('tunnels', 'enable', 'frp')).code, 2);
  assert.equal((await cli('tunnels', 'tailscale', 'teleport')).code, 2);
});

test('a fake that exits at once ends in error with its last output, and the CLI exits non-zero', async () => {
  await server.stop();
  serverEnv = { ...serverEnv, FAKE_CLOUDFLARED_MODE: 'exit' };
  await boot();
  const r = await cli('tunnels', 'enable', 'cloudflared');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cloudflared exited \(code 1\) before it printed a public URL: .*failed to request quick Tunnel/);
});
