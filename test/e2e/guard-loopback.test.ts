// Loopback as SPEC §3 defines it, over real sockets: forwarding headers take it
// away, a foreign Host is refused before authentication, LOCAL_ONLY routes,
// requireLogin=false and ALWAYS_PROTECTED, the CLI token switch.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bearer, cli, connectToken, startGuardServer, type GuardServer } from '../helpers/guard-server.js';

const FORWARDING: Record<string, string> = {
  'X-Forwarded-For': '127.0.0.1',
  Forwarded: 'for=127.0.0.1',
  'X-Real-IP': '127.0.0.1',
  'CF-Connecting-IP': '127.0.0.1',
  'True-Client-IP': '127.0.0.1',
  'X-Forwarded-Host': 'localhost',
  'Tailscale-Funnel-Request': '?1',
  'Tailscale-User-Login': 'alice@example.com',
  'ngrok-skip-browser-warning': '1',
};

describe('guard on loopback', () => {
  let gs: GuardServer;
  before(async () => {
    gs = await startGuardServer();
  });
  after(async () => {
    await gs.close();
  });

  test('the CLI machine token works from loopback, and any forwarding header makes the request remote', async () => {
    assert.equal((await gs.send('/api/models', { headers: cli })).status, 200);
    for (const [name, value] of Object.entries(FORWARDING)) {
      const r = await gs.send('/api/models', { headers: { ...cli, [name]: value } });
      assert.equal(r.status, 401, `${name} must make the request remote`);
      assert.equal(r.json().error?.code, 'AUTH_REQUIRED');
    }
  });

  test('a loopback request with a foreign Host is refused before authentication', async () => {
    for (const host of ['evil.example', 'evil.example:20128', '10.0.0.1', 'localhost.evil.example']) {
      for (const path of ['/api/health', '/api/models', '/api/auth/login']) {
        const r = await gs.send(path, { headers: { ...cli, host }, method: path === '/api/auth/login' ? 'POST' : 'GET', body: path === '/api/auth/login' ? { password: 'x' } : undefined });
        assert.equal(r.status, 403, `${host} ${path}`);
        assert.equal(r.json().error?.code, 'HOST_NOT_ALLOWED');
      }
    }
    for (const host of ['localhost', 'localhost:1234', '127.0.0.1', '127.9.9.9:80', '[::1]:20128', 'app.localhost']) {
      assert.equal((await gs.send('/api/models', { headers: { ...cli, host } })).status, 200, host);
    }
  });

  test('LOCAL_ONLY: remote is refused even with an admin token, except the MCP prefix', async () => {
    const { token } = await connectToken(gs);
    const remote = { 'X-Forwarded-For': '203.0.113.9' };
    for (const path of ['/api/tunnels/tailscale/install', '/api/tunnels/tailscale/start-daemon']) {
      const r = await gs.send(path, { method: 'POST', headers: { ...remote, ...bearer(token) } });
      assert.equal(r.status, 403, path);
      assert.equal(r.json().error?.code, 'LOCAL_ONLY');
    }
    const mcp = await gs.send('/api/mcp/', { method: 'POST', headers: { ...remote, ...bearer(token) }, body: {} });
    assert.ok(mcp.status !== 401 && mcp.status !== 403, `admin bearer passes the guard for /api/mcp/ (got ${mcp.status})`);
    const { token: read } = await connectToken(gs, 'read');
    const mcpRead = await gs.send('/api/mcp/', { method: 'POST', headers: { ...remote, ...bearer(read) }, body: {} });
    assert.equal(mcpRead.status, 403);
    assert.equal(mcpRead.json().error?.code, 'LOCAL_ONLY');
    // From loopback LOCAL_ONLY routes still need a credential.
    assert.equal((await gs.send('/api/tunnels/tailscale/install', { method: 'POST' })).status, 401);
  });

  test('path tricks do not weaken a tier', async () => {
    const { token } = await connectToken(gs);
    const remote = { 'X-Forwarded-For': '203.0.113.9', ...bearer(token) };
    for (const path of ['/api/tunnels/tailscale/install/', '/api//tunnels/tailscale/install', '/api/tunnels/tailscale/%69nstall']) {
      const r = await gs.send(path, { method: 'POST', headers: remote });
      assert.equal(r.status, 403, path);
    }
    assert.equal((await gs.send('/api/shutdown/', { method: 'POST' })).status, 401);
  });

  test('requireLogin=false: anonymous from loopback only, never ALWAYS_PROTECTED', async () => {
    assert.equal((await gs.send('/api/providers')).status, 401);
    const set = await gs.send('/api/settings', { method: 'PATCH', headers: cli, body: { requireLogin: false } });
    assert.equal(set.status, 200, set.text);
    try {
      assert.equal((await gs.send('/api/providers')).status, 200);
      assert.equal((await gs.send('/api/providers', { headers: { 'X-Forwarded-For': '203.0.113.9' } })).status, 401);
      for (const [method, path] of [
        ['POST', '/api/shutdown'],
        ['GET', '/api/settings/database'],
        ['POST', '/api/settings/database'],
        ['DELETE', '/api/settings/database'],
      ] as const) {
        const r = await gs.send(path, { method });
        assert.equal(r.status, 401, `${method} ${path}`);
        assert.equal(r.text, JSON.stringify({ error: { code: 'AUTH_REQUIRED', message: 'Authentication required' } }));
      }
    } finally {
      await gs.send('/api/settings', { method: 'PATCH', headers: cli, body: { requireLogin: true } });
    }
    assert.equal((await gs.send('/api/providers')).status, 401);
  });

  test('cliTokenEnabled=false turns the machine token off', async () => {
    const { token } = await connectToken(gs);
    assert.equal((await gs.send('/api/settings', { method: 'PATCH', headers: bearer(token), body: { cliTokenEnabled: false } })).status, 200);
    try {
      assert.equal((await gs.send('/api/models', { headers: cli })).status, 401);
    } finally {
      await gs.send('/api/settings', { method: 'PATCH', headers: bearer(token), body: { cliTokenEnabled: true } });
    }
    assert.equal((await gs.send('/api/models', { headers: cli })).status, 200);
  });
});

describe('SWITCHYARD_DISABLE_CLI_TOKEN=true', () => {
  let gs: GuardServer;
  before(async () => {
    gs = await startGuardServer({ SWITCHYARD_DISABLE_CLI_TOKEN: 'true' });
  });
  after(async () => {
    await gs.close();
  });

  test('the machine token is refused even from loopback', async () => {
    const r = await gs.send('/api/models', { headers: cli });
    assert.equal(r.status, 401);
    assert.equal(r.json().error?.code, 'AUTH_REQUIRED');
  });
});
