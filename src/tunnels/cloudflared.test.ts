// cloudflared process handling with the fake executable: no URL in time → error
// and the child is stopped; a managed install with a wrong digest never runs;
// resume adopts only a process whose /proc command line is ours.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { CLOUDFLARED_STATE_FILE, cloudflaredArgs, createCloudflaredBackend, isOurCloudflared } from './cloudflared.js';
import { settled } from './conformance.case.js';
import { writePrivateJson } from './private-file.js';
import { isAlive } from './process-info.js';

const FAKE = resolve(import.meta.dirname, '../../test/fixtures/tunnels/fake-cloudflared');
const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'sy-cf-'));
  dirs.push(d);
  return d;
};
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const target = { port: 9, url: 'http://127.0.0.1:9' };

test('the command line is the documented one, with CLOUDFLARED_PROTOCOL', () => {
  assert.deepEqual(cloudflaredArgs(target.url, {}), ['tunnel', '--no-autoupdate', '--protocol', 'http2', '--url', target.url]);
  assert.equal(cloudflaredArgs(target.url, { CLOUDFLARED_PROTOCOL: 'quic' })[3], 'quic');
  assert.equal(isOurCloudflared(['node', '/x/cloudflared', ...cloudflaredArgs(target.url, {})], target.url), true);
  assert.equal(isOurCloudflared(['node', '/x/cloudflared', ...cloudflaredArgs('http://127.0.0.1:10', {})], target.url), false);
  assert.equal(isOurCloudflared(null, target.url), false);
});

test('no URL within the bounded time → error a person can act on, and the child is stopped', async () => {
  const dir = temp();
  const b = createCloudflaredBackend({ instanceDir: dir, target, env: { ...process.env, CLOUDFLARED_BIN: FAKE, FAKE_CLOUDFLARED_MODE: 'silent', SWITCHYARD_TUNNEL_START_TIMEOUT_MS: '1500' } });
  await b.enable();
  const pid = (JSON.parse(readFileSync(join(dir, CLOUDFLARED_STATE_FILE), 'utf8')) as { pid: number }).pid;
  const st = await settled(b);
  assert.equal(st.phase, 'error');
  assert.match(st.lastError ?? '', /no https:\/\/\*\.trycloudflare\.com URL within 2 s/);
  assert.equal(isAlive(pid), false);
  assert.equal(existsSync(join(dir, CLOUDFLARED_STATE_FILE)), false);
});

test('a managed install with a wrong digest ends in error naming both digests and leaves no executable', async () => {
  const body = Buffer.from('#!/bin/sh\necho pwned > "$0.ran"\n');
  const actual = `sha256:${createHash('sha256').update(body).digest('hex')}`;
  const wrong = `sha256:${'a'.repeat(64)}`;
  const srv = createServer((req, res) => {
    if (req.url === '/release') return res.end(JSON.stringify({ assets: [{ name: 'cloudflared-linux-amd64', browser_download_url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/asset`, digest: wrong }, { name: 'cloudflared-linux-arm64', browser_download_url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/asset`, digest: wrong }] }));
    res.end(body);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const dir = temp();
  const b = createCloudflaredBackend({ instanceDir: dir, target, env: { PATH: process.env.PATH, CLOUDFLARED_RELEASE_URL: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/release` } });
  await b.enable();
  const st = await settled(b);
  await new Promise((r) => srv.close(r));
  assert.equal(st.phase, 'error');
  assert.ok(st.lastError?.includes(`expected ${wrong}`) && st.lastError.includes(`got ${actual}`), st.lastError ?? '');
  assert.deepEqual(readdirSync(join(dir, 'bin')), []);
  assert.equal(existsSync(join(dir, 'cloudflared-state.json')), false);
});

test('resume: a dead PID or a PID that is not our cloudflared is never adopted nor killed; the state is cleaned', async () => {
  const dir = temp();
  const stranger = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
  await new Promise((r) => stranger.once('spawn', r));
  try {
    writePrivateJson(join(dir, CLOUDFLARED_STATE_FILE), { pid: stranger.pid, url: 'https://old-one.trycloudflare.com', target: target.url, startedAt: '' });
    const b = createCloudflaredBackend({ instanceDir: dir, target, env: { CLOUDFLARED_BIN: FAKE } });
    await b.resume?.();
    assert.equal(b.status().phase, 'stopped');
    assert.equal(isAlive(stranger.pid as number), true, 'a reused PID is left alone');
    assert.equal(existsSync(join(dir, CLOUDFLARED_STATE_FILE)), false);
    writePrivateJson(join(dir, CLOUDFLARED_STATE_FILE), { pid: 2 ** 22 + 12345, url: 'https://old-one.trycloudflare.com', target: target.url, startedAt: '' });
    await b.resume?.();
    assert.equal(b.status().phase, 'stopped');
    assert.equal(existsSync(join(dir, CLOUDFLARED_STATE_FILE)), false);
  } finally {
    stranger.kill('SIGKILL');
  }
});
