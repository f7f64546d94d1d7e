/**
 * The managed cloudflared binary: `CLOUDFLARED_BIN`, else `<instance>/bin/cloudflared`,
 * else downloaded from the official release. The asset goes to a temp file, its
 * SHA-256 is checked against the digest the release publishes, and only then is
 * it made executable and renamed into place. No digest, a wrong digest or a cut
 * download: the file is deleted and nothing is run (wrangler skips the check
 * when no checksum is known; we refuse instead).
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync, accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { SwitchyardError } from '../core/index.js';

export const CLOUDFLARED_RELEASE_URL = 'https://api.github.com/repos/cloudflare/cloudflared/releases/latest';

/** The release asset for an OS/arch; `.tgz` assets (macOS) hold the binary. */
export function cloudflaredAssetName(platform: string = process.platform, arch: string = process.arch): string {
  const archName: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386' };
  const a = archName[arch];
  if (platform === 'linux' && a) return `cloudflared-linux-${a}`;
  if (platform === 'darwin' && (arch === 'x64' || arch === 'arm64')) return `cloudflared-darwin-${a}.tgz`;
  throw installError(`no managed cloudflared for ${platform}/${arch}; install cloudflared yourself and set CLOUDFLARED_BIN`);
}

function installError(message: string, cause?: unknown): SwitchyardError {
  return new SwitchyardError('UPSTREAM_UNAVAILABLE', message, { expose: true, cause });
}

interface ReleaseAsset {
  name: string;
  url: string;
  digest: string;
}

async function fetchAsset(releaseUrl: string, assetName: string): Promise<ReleaseAsset> {
  let meta: unknown;
  try {
    const res = await fetch(releaseUrl, { headers: { accept: 'application/json', 'user-agent': 'switchyard' }, signal: AbortSignal.timeout(30_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    meta = await res.json();
  } catch (err) {
    throw installError(`cannot read cloudflared release metadata from ${releaseUrl}: ${(err as Error).message}`, err);
  }
  const assets = (meta as { assets?: unknown }).assets;
  const found = Array.isArray(assets) ? (assets as Array<Record<string, unknown>>).find((a) => a.name === assetName) : undefined;
  if (!found || typeof found.browser_download_url !== 'string') throw installError(`the cloudflared release at ${releaseUrl} has no asset ${assetName}`);
  const digest = typeof found.digest === 'string' ? found.digest.toLowerCase() : '';
  if (!/^sha256:[0-9a-f]{64}$/.test(digest)) {
    throw installError(`the cloudflared release publishes no SHA-256 digest for ${assetName}; refusing to run an unverified binary (install cloudflared yourself and set CLOUDFLARED_BIN)`);
  }
  return { name: assetName, url: found.browser_download_url, digest };
}

/** Streams the asset into `file`, hashing on the way; throws on a cut or failed download. */
async function download(asset: ReleaseAsset, file: string): Promise<string> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    const res = await fetch(asset.url, { headers: { 'user-agent': 'switchyard' }, signal: AbortSignal.timeout(300_000) });
    if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
    const expected = Number(res.headers.get('content-length') ?? NaN);
    const chunks: Buffer[] = [];
    for await (const chunk of res.body) {
      const b = Buffer.from(chunk as Uint8Array);
      hash.update(b);
      chunks.push(b);
      bytes += b.length;
    }
    if (Number.isFinite(expected) && bytes !== expected) throw new Error(`got ${bytes} of ${expected} bytes`);
    writeFileSync(file, Buffer.concat(chunks), { mode: 0o600 });
  } catch (err) {
    rmSync(file, { force: true });
    throw installError(`download of ${asset.name} from ${asset.url} failed or was cut off (${(err as Error).message}); nothing was installed`, err);
  }
  return `sha256:${hash.digest('hex')}`;
}

/** Downloads, verifies and installs cloudflared into `binDir`; returns its path. */
export async function installCloudflared(opts: { binDir: string; releaseUrl?: string; platform?: string; arch?: string }): Promise<string> {
  const assetName = cloudflaredAssetName(opts.platform, opts.arch);
  const asset = await fetchAsset(opts.releaseUrl ?? CLOUDFLARED_RELEASE_URL, assetName);
  mkdirSync(opts.binDir, { recursive: true, mode: 0o700 });
  const tmp = join(opts.binDir, `.cloudflared-${randomBytes(6).toString('hex')}.part`);
  const actual = await download(asset, tmp);
  if (actual !== asset.digest) {
    rmSync(tmp, { force: true });
    throw installError(`SHA-256 mismatch for ${asset.name}: expected ${asset.digest}, got ${actual}; the download was deleted and not run`);
  }
  let binary = tmp;
  if (asset.name.endsWith('.tgz')) {
    const unpack = `${tmp}.d`;
    mkdirSync(unpack, { mode: 0o700 });
    try {
      execFileSync('tar', ['-xzf', tmp, '-C', unpack], { stdio: 'ignore' });
    } catch (err) {
      rmSync(unpack, { recursive: true, force: true });
      rmSync(tmp, { force: true });
      throw installError(`cannot unpack ${asset.name}`, err);
    }
    rmSync(tmp, { force: true });
    const inner = readdirSync(unpack).find((n) => n === 'cloudflared');
    if (!inner) throw installError(`${asset.name} holds no cloudflared binary`);
    binary = join(unpack, inner);
  }
  const final = managedCloudflaredPath(opts.binDir);
  chmodSync(binary, 0o700);
  renameSync(binary, final);
  if (binary !== tmp) rmSync(`${tmp}.d`, { recursive: true, force: true });
  return final;
}

export function managedCloudflaredPath(binDir: string): string {
  return join(binDir, 'cloudflared');
}

/** `CLOUDFLARED_BIN` → managed binary → download. */
export async function resolveCloudflared(opts: { env: NodeJS.ProcessEnv; binDir: string }): Promise<string> {
  const fromEnv = opts.env.CLOUDFLARED_BIN;
  if (fromEnv) {
    try {
      accessSync(fromEnv, constants.X_OK);
    } catch {
      throw installError(`CLOUDFLARED_BIN=${fromEnv} is not an executable file`);
    }
    return fromEnv;
  }
  const managed = managedCloudflaredPath(opts.binDir);
  if (existsSync(managed)) return managed;
  return installCloudflared({ binDir: opts.binDir, releaseUrl: opts.env.CLOUDFLARED_RELEASE_URL || undefined });
}
