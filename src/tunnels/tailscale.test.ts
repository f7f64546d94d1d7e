// The tailscale backend against a fake CLI that keeps state between calls:
// logged out → login answers the auth URL; Funnel off → enable answers
// funnelNotEnabled and the enable URL; on → running at https://<DNS name>/.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { createTailscaleBackend } from './tailscale.js';

const FAKE = resolve(import.meta.dirname, '../../test/fixtures/tunnels/fake-tailscale');
const dir = mkdtempSync(join(tmpdir(), 'sy-tailscale-'));
const state = join(dir, 'state.json');
after(() => rmSync(dir, { recursive: true, force: true }));
const target = { port: 43210, url: 'http://127.0.0.1:43210' };
const env = { ...process.env, TAILSCALE_BIN: FAKE, FAKE_TAILSCALE_STATE: state };

test('not installed: check says so', async () => {
  const b = createTailscaleBackend({ target, env: { ...env, TAILSCALE_BIN: join(dir, 'nope') } });
  assert.deepEqual(await b.check(), { installed: false, daemonRunning: false, loggedIn: false, dnsName: null });
  const st = await b.enableFunnel();
  assert.equal(st.phase, 'error');
  assert.match(st.lastError ?? '', /not found/);
});

test('daemon down, then logged out → login URL → logged in', async () => {
  writeFileSync(state, JSON.stringify({ daemon: false }));
  const b = createTailscaleBackend({ target, env });
  assert.deepEqual(await b.check(), { installed: true, daemonRunning: false, loggedIn: false, dnsName: null });
  writeFileSync(state, JSON.stringify({ daemon: true, loggedIn: false }));
  assert.equal((await b.check()).loggedIn, false);
  const login = await b.login();
  assert.deepEqual(login, { loggedIn: false, authUrl: 'https://login.tailscale.com/a/fake1234' });
  assert.deepEqual(await b.check(), { installed: true, daemonRunning: true, loggedIn: true, dnsName: 'fakenode.tail1234.ts.net' });
  assert.deepEqual(await b.login(), { loggedIn: true, authUrl: null });
});

test('Funnel off for the tailnet → funnelNotEnabled + enableUrl; once on → running at the DNS name; disable', async () => {
  const b = createTailscaleBackend({ target, env });
  const first = await b.enableFunnel();
  assert.equal(first.funnelNotEnabled, true);
  assert.equal(first.enableUrl, 'https://login.tailscale.com/f/funnel?node=fake1234');
  assert.equal(first.running, false);
  const on = await b.enableFunnel();
  assert.equal(on.phase, 'running', on.lastError ?? '');
  assert.equal(on.publicUrl, 'https://fakenode.tail1234.ts.net/');
  assert.equal(on.apiUrl, 'https://fakenode.tail1234.ts.net/v1');
  assert.equal((JSON.parse(readFileSync(state, 'utf8')) as { funnel: string }).funnel, '43210', 'Funnel forwards to the ingress port');
  assert.equal((await b.disable()).phase, 'stopped');
  assert.equal((JSON.parse(readFileSync(state, 'utf8')) as { funnel: string | null }).funnel, null);
});

test('install streams the script output line by line', async () => {
  const { createServer } = await import('node:http');
  const srv = createServer((_q, r) => r.end('echo one\necho two\nexit 3\n'));
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  const b = createTailscaleBackend({ target, env: { ...env, TAILSCALE_INSTALL_SCRIPT_URL: `http://127.0.0.1:${port}/install.sh` } });
  const lines: string[] = [];
  const r = await b.install({}, (l) => lines.push(l));
  await new Promise((res) => srv.close(res));
  assert.deepEqual(lines, ['one', 'two']);
  assert.deepEqual(r, { ok: false, message: 'the install script failed (exit 3)' });
});
