// The managed cloudflared install against a fake release server on 127.0.0.1:
// a good asset is verified and installed executable; a wrong digest or a cut
// download leaves no file behind and names what went wrong.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cloudflaredAssetName, installCloudflared, resolveCloudflared } from './cloudflared-install.js';

const ASSET = cloudflaredAssetName('linux', 'x64');
const BODY = Buffer.from('#!/bin/sh\necho fake cloudflared\n');
const GOOD = `sha256:${createHash('sha256').update(BODY).digest('hex')}`;
const WRONG = `sha256:${'0'.repeat(64)}`;
let server: Server;
let base = '';
let dir = '';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sy-cf-install-'));
  server = createServer((req, res) => {
    const [, kind, what] = (req.url ?? '').split('/');
    if (what === 'release') {
      const digest = kind === 'wrong' ? WRONG : kind === 'nodigest' ? undefined : GOOD;
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ tag_name: '2026.1.0', assets: [{ name: 'other', browser_download_url: 'x' }, { name: ASSET, browser_download_url: `${base}/${kind}/asset`, ...(digest ? { digest } : {}) }] }));
    }
    if (kind === 'cut') {
      res.writeHead(200, { 'content-length': String(BODY.length * 4) });
      res.write(BODY.subarray(0, 10));
      setTimeout(() => res.socket?.destroy(), 50);
      return;
    }
    res.end(BODY);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const binDir = (name: string) => join(dir, name);

test('asset names for the supported platforms', () => {
  assert.equal(cloudflaredAssetName('linux', 'arm64'), 'cloudflared-linux-arm64');
  assert.equal(cloudflaredAssetName('darwin', 'arm64'), 'cloudflared-darwin-arm64.tgz');
  assert.throws(() => cloudflaredAssetName('win32', 'x64'), /CLOUDFLARED_BIN/);
});

test('a good asset is checked, made executable and renamed into place', async () => {
  const path = await installCloudflared({ binDir: binDir('good'), releaseUrl: `${base}/good/release`, platform: 'linux', arch: 'x64' });
  assert.equal(path, join(binDir('good'), 'cloudflared'));
  assert.deepEqual(readFileSync(path), BODY);
  assert.equal(statSync(path).mode & 0o777, 0o700);
  assert.deepEqual(readdirSync(binDir('good')), ['cloudflared'], 'no temp file left');
  // Next time the managed binary is used without a download.
  assert.equal(await resolveCloudflared({ env: { CLOUDFLARED_RELEASE_URL: `${base}/wrong/release` }, binDir: binDir('good') }), path);
});

test('a wrong digest leaves no file behind and names both digests', async () => {
  await assert.rejects(
    resolveCloudflared({ env: { CLOUDFLARED_RELEASE_URL: `${base}/wrong/release` }, binDir: binDir('wrong') }),
    (err: Error) => err.message.includes(`expected ${WRONG}`) && err.message.includes(`got ${GOOD}`),
  );
  assert.deepEqual(readdirSync(binDir('wrong')), []);
});

test('a cut download leaves no file behind', async () => {
  await assert.rejects(installCloudflared({ binDir: binDir('cut'), releaseUrl: `${base}/cut/release`, platform: 'linux', arch: 'x64' }), /cut off|failed/);
  assert.deepEqual(readdirSync(binDir('cut')), []);
});

test('no published digest: refused before anything is downloaded', async () => {
  await assert.rejects(installCloudflared({ binDir: binDir('nodigest'), releaseUrl: `${base}/nodigest/release`, platform: 'linux', arch: 'x64' }), /no SHA-256 digest/);
});

test('CLOUDFLARED_BIN must be executable', async () => {
  await assert.rejects(resolveCloudflared({ env: { CLOUDFLARED_BIN: join(dir, 'missing') }, binDir: binDir('env') }), /not an executable/);
});
