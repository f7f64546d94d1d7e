// A real remote: two network namespaces joined by a veth pair. The server runs
// bound to its veth address in one, the CLI runs in the other, so every request
// the guard sees comes from a genuinely non-loopback peer.
// Needs root and `ip netns`; skips with a message otherwise, except under CI=true.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CLI_MAIN, PASSWORD, spawnServer, type ServerProcess } from '../helpers/guard-server.js';

function netnsSupport(): string | true {
  if (process.getuid?.() !== 0) return 'not root';
  const r = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return `ip netns unavailable (${r.error?.message ?? r.stderr.trim()})`;
  return true;
}

const support = netnsSupport();
if (support !== true && process.env.CI === 'true') {
  throw new Error(`remote-netns test must run in CI but cannot: ${support}`);
}
const skip = support === true ? false : `remote-netns: skipped (${support}); run as root with iproute2 to exercise the real remote`;

const tag = randomInt(0, 0xffff).toString(16).padStart(4, '0');
const NS_SERVER = `sy-srv-${tag}`;
const NS_CLIENT = `sy-cli-${tag}`;
const subnet = `10.213.${randomInt(0, 256)}`;
const SERVER_ADDR = `${subnet}.1`;
const CLIENT_ADDR = `${subnet}.2`;

function ip(...args: string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim()}`);
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a node process inside the client namespace. */
function inClient(args: string[], opts: { stdin?: string; env: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn('ip', ['netns', 'exec', NS_CLIENT, process.execPath, ...args], { env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout, stderr }));
    p.stdin.end(opts.stdin ?? '');
  });
}

let stateDir = '';
let home = '';
let server: ServerProcess | undefined;
let clientEnv: NodeJS.ProcessEnv = {};

before(async () => {
  if (skip) return;
  stateDir = mkdtempSync(join(tmpdir(), 'sy-netns-state-'));
  home = mkdtempSync(join(tmpdir(), 'sy-netns-home-'));
  ip('netns', 'add', NS_SERVER);
  ip('netns', 'add', NS_CLIENT);
  ip('link', 'add', `sya${tag}`, 'type', 'veth', 'peer', 'name', `syb${tag}`);
  ip('link', 'set', `sya${tag}`, 'netns', NS_SERVER);
  ip('link', 'set', `syb${tag}`, 'netns', NS_CLIENT);
  ip('-n', NS_SERVER, 'addr', 'add', `${SERVER_ADDR}/30`, 'dev', `sya${tag}`);
  ip('-n', NS_CLIENT, 'addr', 'add', `${CLIENT_ADDR}/30`, 'dev', `syb${tag}`);
  for (const [ns, dev] of [[NS_SERVER, `sya${tag}`], [NS_CLIENT, `syb${tag}`]] as const) {
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    ip('-n', ns, 'link', 'set', dev, 'up');
  }
  const { SWITCHYARD_DISABLE_CLI_TOKEN: _a, SWITCHYARD_URL: _b, ...env } = process.env;
  server = await spawnServer({
    stateDir,
    prefix: ['ip', 'netns', 'exec', NS_SERVER],
    args: ['--host', SERVER_ADDR, '--port', '20128'],
    env: { ...env, SWITCHYARD_PASSWORD: PASSWORD, SWITCHYARD_LOG_LEVEL: 'warn' },
  });
  clientEnv = { ...env, SWITCHYARD_HOME: home, NO_COLOR: '1' };
});

after(async () => {
  if (skip) return;
  await server?.stop();
  for (const ns of [NS_SERVER, NS_CLIENT]) spawnSync('ip', ['netns', 'del', ns]);
  rmSync(stateDir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

const cli = (args: string[], stdin?: string) => inClient(['--import', 'tsx', CLI_MAIN, ...args], { env: clientEnv, ...(stdin !== undefined ? { stdin } : {}) });

/** Raw HTTP from the client namespace, for what the CLI does not expose. */
async function http(path: string, method: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; body: string }> {
  const script = `const r = await fetch(process.argv[1], { method: process.argv[2], headers: JSON.parse(process.argv[3]), body: process.argv[4] || undefined });
process.stdout.write(JSON.stringify({ status: r.status, body: await r.text() }));`;
  const url = `http://${SERVER_ADDR}:20128${path}`;
  const r = await inClient(['--input-type=module', '-e', script, url, method, JSON.stringify({ 'content-type': 'application/json', ...headers }), body === undefined ? '' : JSON.stringify(body)], { env: clientEnv });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as { status: number; body: string };
}

test('a remote CLI: connect, scoped tokens, LOCAL_ONLY, revocation', { skip }, async () => {
  const connected = await cli(['connect', SERVER_ADDR, '--password-stdin', '--name', 'remote'], `${PASSWORD}\n`);
  assert.equal(connected.code, 0, connected.stderr + connected.stdout);
  assert.match(connected.stdout + connected.stderr, new RegExp(`Connected to http://${SERVER_ADDR.replace(/\./g, '\\.')}:20128 — context 'remote' \\(scope: admin\\)`));
  assert.match(connected.stderr + connected.stdout, /plain http/i, 'warns before sending the password over plain http');

  const created = await cli(['tokens', 'create', '--name', 'ro', '--scope', 'read', '--context', 'remote', '--json']);
  assert.equal(created.code, 0, created.stderr);
  const readToken = /sya_live_[A-Za-z0-9]{38}/.exec(created.stdout)?.[0];
  assert.ok(readToken, `tokens create printed no token: ${created.stdout}`);

  const keyed = await cli(['connect', SERVER_ADDR, '--key', readToken, '--name', 'ro']);
  assert.equal(keyed.code, 0, keyed.stderr);
  const models = await cli(['models', 'list', '--context', 'ro']);
  assert.equal(models.code, 0, models.stderr);
  const denied = await cli(['keys', 'add', '--name', 'nope', '--context', 'ro']);
  assert.equal(denied.code, 3, denied.stderr + denied.stdout);
  assert.match(denied.stderr + denied.stdout, /this token has scope 'read'; POST \/api\/keys needs 'write'/);

  // Raw requests from the remote side with an admin token.
  const connect = await http('/api/cli/connect', 'POST', {}, { password: PASSWORD, name: 'raw' });
  assert.equal(connect.status, 201, connect.body);
  const admin = (JSON.parse(connect.body) as { token: string }).token;
  const install = await http('/api/tunnels/tailscale/install', 'POST', { authorization: `Bearer ${admin}` });
  assert.equal(install.status, 403);
  assert.equal((JSON.parse(install.body) as { error: { code: string } }).error.code, 'LOCAL_ONLY');
  const mcp = await http('/api/mcp/', 'POST', { authorization: `Bearer ${admin}` }, {});
  assert.ok(mcp.status !== 401 && mcp.status !== 403, `/api/mcp/ with an admin token passes the guard (got ${mcp.status} ${mcp.body})`);
  const machine = await http('/api/models', 'GET', { 'x-switchyard-cli-token': 'f'.repeat(32) });
  assert.equal(machine.status, 401, 'the machine token means nothing from a remote peer');

  const revoked = await cli(['tokens', 'revoke', readToken.slice(0, 13), '--context', 'remote']);
  assert.equal(revoked.code, 0, revoked.stderr);
  const after = await cli(['models', 'list', '--context', 'ro']);
  assert.equal(after.code, 3, after.stderr);
  const raw = await http('/api/models', 'GET', { authorization: `Bearer ${readToken}` });
  assert.equal(raw.status, 401);
});

test('MCP from a remote peer: /api/mcp/ needs an admin bearer; switchyard mcp works against the remote context', { skip }, async () => {
  const mcpHeaders = { accept: 'application/json, text/event-stream' };
  const init = {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'netns', version: '1' } },
  };
  const connect = await http('/api/cli/connect', 'POST', {}, { password: PASSWORD, name: 'mcp-admin' });
  const admin = (JSON.parse(connect.body) as { token: string }).token;
  const minted = await http('/api/cli/tokens', 'POST', { authorization: `Bearer ${admin}` }, { name: 'mcp-ro', scope: 'read' });
  assert.equal(minted.status, 201, minted.body);
  const read = (JSON.parse(minted.body) as { token: string }).token;

  for (const headers of [mcpHeaders, { ...mcpHeaders, authorization: `Bearer ${read}` }]) {
    const refused = await http('/api/mcp/', 'POST', headers, init);
    assert.equal(refused.status, 403, refused.body);
    assert.equal((JSON.parse(refused.body) as { error: { code: string } }).error.code, 'LOCAL_ONLY');
  }
  const ok = await http('/api/mcp/', 'POST', { ...mcpHeaders, authorization: `Bearer ${admin}` }, init);
  assert.equal(ok.status, 200, ok.body);
  assert.equal((JSON.parse(ok.body) as { result: { serverInfo: { name: string } } }).result.serverInfo.name, 'switchyard');
  const tools = await http('/api/mcp/', 'POST', { ...mcpHeaders, authorization: `Bearer ${admin}` }, { jsonrpc: '2.0', id: 2, method: 'tools/list' });
  assert.equal(tools.status, 200, tools.body);
  assert.match(tools.body, /"create_key"/);

  // `switchyard mcp` on the remote side, driven by the SDK's stdio client.
  const script = `import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
const client = new Client({ name: 'netns', version: '1' });
await client.connect(new StdioClientTransport({ command: process.execPath, args: ['--import', 'tsx', process.argv[1], 'mcp'], env: process.env, stderr: 'ignore' }));
const keys = await client.callTool({ name: 'list_keys', arguments: {} });
const denied = await client.callTool({ name: 'create_key', arguments: { name: 'x' } });
process.stdout.write(JSON.stringify({ keys: keys.isError === true, denied: denied.isError === true, text: denied.content[0].text }));
await client.close();`;
  const r = await inClient(['--input-type=module', '-e', script, CLI_MAIN], {
    env: { ...clientEnv, SWITCHYARD_URL: `http://${SERVER_ADDR}:20128`, SWITCHYARD_TOKEN: read },
  });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { keys: boolean; denied: boolean; text: string };
  assert.equal(out.keys, false, 'a read tool works remotely over stdio');
  assert.equal(out.denied, true);
  assert.match(out.text, /INSUFFICIENT_SCOPE/);
});
