// The dashboard's HTTP side without a browser: CSP on every response, hashed
// assets with a long cache and precompressed bodies, no wildcard CORS, and the
// session's CSRF token required on mutations (a cross-site form post has none).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, PASSWORD, send, spawnServer, startGuardServer, type GuardServer } from '../helpers/guard-server.js';

const DIST = new URL('../../dist/dashboard/', import.meta.url);
let gs: GuardServer;

before(async () => {
  if (!existsSync(new URL('index.html.br', DIST))) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  gs = await startGuardServer();
});
after(() => gs.close());

const assetName = (ext: string) => readdirSync(new URL('assets/', DIST)).find((f) => f.endsWith(ext)) as string;

test('every dashboard response carries the strict CSP, and none allows any origin', async () => {
  const paths = ['/dashboard/', '/dashboard/keys', '/dashboard/login?next=%2Fdashboard%2Fkeys', `/dashboard/assets/${assetName('.js')}`, '/dashboard/assets/missing-abc.js', '/dashboard'];
  for (const p of paths) {
    const r = await gs.send(p, { headers: { origin: 'https://evil.example' } });
    const csp = String(r.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'(;|$)/, p);
    assert.match(csp, /frame-ancestors 'none'/, p);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, p);
    assert.equal(r.headers['access-control-allow-origin'], undefined, p);
  }
  const api = await gs.send('/api/health', { headers: { origin: 'https://evil.example' } });
  assert.equal(api.headers['access-control-allow-origin'], undefined);
  assert.equal((await gs.send('/dashboard')).status, 308);
  assert.equal((await gs.send('/dashboard/assets/missing-abc.js')).status, 404);
  assert.equal((await gs.send('/dashboard/', { method: 'POST' })).status, 405);
});

test('index.html has no inline script and names hashed assets; assets are immutable and precompressed', async () => {
  const index = await gs.send('/dashboard/');
  assert.equal(index.status, 200);
  assert.equal(index.headers['cache-control'], 'no-cache');
  assert.doesNotMatch(index.text, /<script(?![^>]*\bsrc=)[^>]*>/);
  const js = assetName('.js');
  assert.match(js, /-[A-Za-z0-9_-]{8}\.js$/);
  assert.ok(index.text.includes(`/dashboard/assets/${js}`));
  const plain = await gs.send(`/dashboard/assets/${js}`);
  assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(plain.headers['content-encoding'], undefined);
  const br = await gs.send(`/dashboard/assets/${js}`, { headers: { 'accept-encoding': 'gzip, br' } });
  assert.equal(br.headers['content-encoding'], 'br');
  const gz = await gs.send(`/dashboard/assets/${js}`, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  // The raw bytes are needed to decompress: fetch them again.
  const raw = async (enc: string) => Buffer.from(await (await fetch(new URL(`/dashboard/assets/${js}`, gs.url), { headers: { 'accept-encoding': enc } })).arrayBuffer());
  const original = await raw('identity');
  assert.ok(original.length > 1000);
  // fetch decodes content-encoding itself, so each variant must decode to the same script.
  assert.deepEqual(await raw('br'), original);
  assert.deepEqual(await raw('gzip'), original);
  assert.ok(gunzipSync(readAsset(`${js}.gz`)).equals(original));
  assert.ok(brotliDecompressSync(readAsset(`${js}.br`)).equals(original));
});

function readAsset(name: string): Buffer {
  return readFileSync(new URL(`assets/${name}`, DIST));
}

test('a session mutation without the CSRF token, or a cross-site form post, is refused; with the token it works', async () => {
  const login = await gs.send('/api/auth/login', { method: 'POST', body: { password: PASSWORD } });
  assert.equal(login.status, 200);
  const setCookie = String(login.headers['set-cookie']);
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Strict/);
  const cookie = setCookie.split(';')[0] as string;
  const { csrfToken } = login.json() as unknown as { csrfToken: string };

  const noCsrf = await gs.send('/api/keys', { method: 'POST', headers: { cookie }, body: { name: 'x' } });
  assert.equal(noCsrf.status, 403);
  assert.equal(noCsrf.json().error?.code, 'CSRF_FAILED');

  // What a hostile page's <form method=post> would send if the browser attached the cookie.
  const form = await gs.send('/api/keys', {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
    body: 'name=evil',
  });
  assert.equal(form.status, 403);
  assert.equal(form.headers['access-control-allow-origin'], undefined);

  const keys = await gs.send('/api/keys', { headers: { cookie } });
  assert.deepEqual((keys.json() as unknown as { keys: unknown[] }).keys, []);

  const ok = await gs.send('/api/keys', { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken }, body: { name: 'real' } });
  assert.equal(ok.status, 201);
});

test('with requireLogin=false a loopback visitor needs no login; through a proxy or tunnel one always does', async () => {
  const off = await gs.send('/api/settings', { method: 'PATCH', headers: cli, body: { requireLogin: false } });
  assert.equal(off.status, 200);
  try {
    const local = await gs.send('/api/auth/session');
    assert.equal(local.status, 200);
    assert.equal(local.json().scope, 'admin');
    const proxied = await gs.send('/api/auth/session', { headers: { 'x-forwarded-for': '203.0.113.9' } });
    assert.equal(proxied.status, 401);
  } finally {
    await gs.send('/api/settings', { method: 'PATCH', headers: cli, body: { requireLogin: true } });
  }
  assert.equal((await gs.send('/api/auth/session')).status, 401);
});

test('`switchyard start` prints the dashboard URL, and that URL serves the dashboard', { timeout: 60_000 }, async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'sy-dash-start-'));
  const srv = await spawnServer({ stateDir, env: { ...process.env, SWITCHYARD_PASSWORD: PASSWORD, SWITCHYARD_SECRET: 'test-secret' } });
  try {
    const end = Date.now() + 30_000;
    while (!srv.output().includes('Dashboard:') && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    const printed = /Dashboard:\s+(\S+)/.exec(srv.output())?.[1];
    assert.equal(printed, `${srv.url}/dashboard/`, srv.output());
    const r = await send(printed as string, '');
    assert.equal(r.status, 200);
    assert.match(r.text, /<div id="app"><\/div>/);
  } finally {
    await srv.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
});

test('the live tail is a server-sent event stream that needs a credential', { timeout: 30_000 }, async () => {
  assert.equal((await gs.send('/api/logs/stream')).status, 401);
  const res = await fetch(new URL('/api/logs/stream', gs.url), { headers: cli });
  assert.equal(res.status, 200);
  assert.match(String(res.headers.get('content-type')), /^text\/event-stream/);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const first = new TextDecoder().decode((await reader.read()).value);
  assert.match(first, /event: ready/);
  await reader.cancel();
});
