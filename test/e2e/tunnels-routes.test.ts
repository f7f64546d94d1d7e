// /api/tunnels/* on a real in-process server: bad input is a 400 in the
// management error format and starts nothing; ngrok (fake module behind
// SWITCHYARD_NGROK_MODULE) resolves its token body → settings → env, keeps it
// encrypted, and never lets it into an answer or the audit log.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT } from '../helpers/cli.js';
import { cli, startGuardServer, type GuardServer } from '../helpers/guard-server.js';

let gs: GuardServer;
// Every run of the tailscale CLI is appended here (test/fixtures/tunnels/recording-tailscale).
const TAILSCALE_CALLS = join(mkdtempSync(join(tmpdir(), 'sy-ts-calls-')), 'calls');
const ngrokCalls = () => (globalThis as { __fakeNgrokCalls?: number }).__fakeNgrokCalls ?? 0;
const TOKEN = 'ngrok-token-2xYzSECRETabc123';

before(async () => {
  gs = await startGuardServer({
    CLOUDFLARED_BIN: join(ROOT, 'test/fixtures/tunnels/fake-cloudflared'),
    SWITCHYARD_NGROK_MODULE: join(ROOT, 'test/fixtures/tunnels/fake-ngrok.mjs'),
    TAILSCALE_BIN: join(ROOT, 'test/fixtures/tunnels/recording-tailscale'),
    TAILSCALE_CALLS,
    NGROK_AUTHTOKEN: '',
  });
});
after(() => gs?.close());

const post = (path: string, body: unknown) => gs.send(path, { method: 'POST', headers: cli, body });

async function settle(backend: string): Promise<{ phase: string; lastError: string | null; publicUrl: string | null }> {
  for (let i = 0; i < 100; i++) {
    const s = (await gs.send(`/api/tunnels/${backend}`, { headers: cli })).json() as { phase: string; lastError: string | null; publicUrl: string | null };
    if (s.phase !== 'starting') return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('still starting');
}

test('bad input gets 400 in the management format and starts nothing', async () => {
  const cases: Array<[string, unknown, string]> = [
    ['/api/tunnels/cloudflared', { action: 'launch' }, 'VALIDATION_FAILED'],
    ['/api/tunnels/cloudflared', {}, 'VALIDATION_FAILED'],
    ['/api/tunnels/cloudflared', '{"action":', 'INVALID_JSON'],
    ['/api/tunnels/cloudflared', { action: 'enable', extra: 1 }, 'VALIDATION_FAILED'],
    ['/api/tunnels/frp', { action: 'enable' }, 'BAD_REQUEST'],
    ['/api/tunnels/tailscale/teleport', {}, 'BAD_REQUEST'],
    ['/api/tunnels/tailscale/enable', { httpsPort: 70000 }, 'VALIDATION_FAILED'],
    ['/api/tunnels/tailscale/enable', { httpsPort: 8080 }, 'VALIDATION_FAILED'],
    ['/api/tunnels/tailscale/enable', '[1,', 'INVALID_JSON'],
    ['/api/tunnels/cloudflared', '"enable"', 'VALIDATION_FAILED'],
    ['/api/tunnels/cloudflared', 'null', 'VALIDATION_FAILED'],
    ['/api/tunnels/cloudflared', { action: 'enable', authToken: 'x' }, 'VALIDATION_FAILED'],
    ['/api/tunnels/ngrok', 'action=enable', 'INVALID_JSON'],
    ['/api/tunnels/ngrok', { action: 'restart' }, 'VALIDATION_FAILED'],
    ['/api/tunnels/ngrok', { action: 'enable', authToken: '' }, 'VALIDATION_FAILED'],
    ['/api/tunnels/ngrok', { action: 'enable', authToken: 42 }, 'VALIDATION_FAILED'],
    ['/api/tunnels/tailscale/enable', { httpsPort: 0 }, 'VALIDATION_FAILED'],
    ['/api/tunnels/tailscale/enable', { httpsPort: 443.5 }, 'VALIDATION_FAILED'],
    ['/api/tunnels/tailscale/enable', { httpsPort: '443' }, 'VALIDATION_FAILED'],
    ['/api/tunnels/tailscale/login', { sudoPassword: 7 }, 'VALIDATION_FAILED'],
    ['/api/tunnels/tailscale/login', 'not json', 'INVALID_JSON'],
    ['/api/tunnels/tailscale/start-daemon', { force: true }, 'VALIDATION_FAILED'],
    ['/api/tunnels/tailscale/install', { sudoPassword: ['x'] }, 'VALIDATION_FAILED'],
    ['/api/tunnels/tailscale/install', '{', 'INVALID_JSON'],
    ['/api/tunnels/tailscale/disable', { all: true }, 'VALIDATION_FAILED'],
  ];
  for (const [path, body, code] of cases) {
    const r = await post(path, body);
    assert.match(String(r.headers['content-type']), /^application\/json/, `${path}: JSON, not SSE`);
    assert.equal(r.status, 400, `${path} ${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.json().error?.code, code, `${path} ${JSON.stringify(body)}`);
    assert.equal(typeof r.json().error?.message, 'string');
  }
  assert.match((await post('/api/tunnels/frp', { action: 'enable' })).json().error?.message ?? '', /known: cloudflared, ngrok, tailscale/);
  const unknownGet = await gs.send('/api/tunnels/frp', { headers: cli });
  assert.equal(unknownGet.status, 400);
  assert.equal(unknownGet.json().error?.code, 'BAD_REQUEST');
  assert.equal(ngrokCalls(), 0, 'ngrok was never asked to forward');
  assert.equal(existsSync(TAILSCALE_CALLS), false, `tailscale was run: ${existsSync(TAILSCALE_CALLS) ? readFileSync(TAILSCALE_CALLS, 'utf8') : ''}`);
  for (const b of ['cloudflared', 'ngrok', 'tailscale']) assert.equal((await settle(b)).phase, 'stopped', b);
  assert.equal(existsSync(join(gs.server.instanceDir, 'cloudflared-state.json')), false);
  assert.equal(existsSync(join(gs.server.instanceDir, 'cloudflared.log')), false, 'no cloudflared was started');
});

test('ngrok: no token → needs_auth; a refused token ends in error without the token anywhere', async () => {
  const none = (await post('/api/tunnels/ngrok', { action: 'enable' })).json();
  assert.equal(none.phase, 'needs_auth');
  const bad = `${TOKEN}bad`;
  assert.equal((await post('/api/tunnels/ngrok', { action: 'enable', authToken: bad })).status, 200);
  const s = await settle('ngrok');
  assert.equal(s.phase, 'error');
  assert.match(s.lastError ?? '', /authtoken/);
  assert.ok(!(s.lastError ?? '').includes(TOKEN), s.lastError ?? '');
  assert.equal((await gs.send('/api/tunnels/ngrok', { headers: cli })).json().authTokenSource, null, 'a refused token is not saved');
});

test('ngrok: a body token starts the tunnel, is saved encrypted, and the next enable uses it', async () => {
  await post('/api/tunnels/ngrok', { action: 'disable' });
  await post('/api/tunnels/ngrok', { action: 'enable', authToken: TOKEN });
  const s = await settle('ngrok');
  assert.equal(s.phase, 'running', s.lastError ?? '');
  assert.equal(s.publicUrl, 'https://fake-1234.ngrok-free.app');
  let st = (await gs.send('/api/tunnels/ngrok', { headers: cli })).json();
  // The token is saved once ngrok accepted it, just after the phase turned running.
  for (let i = 0; i < 50 && st.authTokenSource !== 'settings'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    st = (await gs.send('/api/tunnels/ngrok', { headers: cli })).json();
  }
  assert.equal(st.apiUrl, 'https://fake-1234.ngrok-free.app/v1');
  assert.equal(st.authTokenSource, 'settings');
  assert.equal(JSON.stringify(st).includes(TOKEN), false);
  const sealed = (await gs.server.repos.settings.all())['tunnels.ngrok.authToken'];
  assert.equal(typeof sealed, 'string');
  assert.ok(!String(sealed).includes(TOKEN), 'stored encrypted');
  assert.equal((await post('/api/tunnels/ngrok', { action: 'disable' })).json().phase, 'stopped');
  await post('/api/tunnels/ngrok', { action: 'enable' });
  assert.equal((await settle('ngrok')).phase, 'running', 'the saved token is used');
  // A running tunnel's hostname is an allowed Host.
  assert.equal((await gs.send('/api/tunnels/ngrok', { headers: { ...cli, host: 'fake-1234.ngrok-free.app' } })).status, 200);
  assert.equal((await gs.send('/api/tunnels/ngrok', { headers: { ...cli, host: 'evil.example' } })).status, 403);
  await post('/api/tunnels/ngrok', { action: 'disable' });
});

test('enable and disable are audited with backend and outcome, never the token', async () => {
  const lines = readFileSync(join(gs.server.instanceDir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; outcome: string; details?: { backend?: string } });
  const tunnel = lines.filter((l) => l.event.startsWith('tunnel_'));
  assert.ok(tunnel.some((l) => l.event === 'tunnel_enable' && l.outcome === 'success' && l.details?.backend === 'ngrok'));
  assert.ok(tunnel.some((l) => l.event === 'tunnel_enable' && l.outcome === 'failure' && l.details?.backend === 'ngrok'));
  assert.ok(tunnel.some((l) => l.event === 'tunnel_disable' && l.outcome === 'success'));
  assert.equal(readFileSync(join(gs.server.instanceDir, 'audit.jsonl'), 'utf8').includes(TOKEN), false);
});
