/**
 * The built dashboard (dist/dashboard, written by scripts/build.mjs): every
 * file read once into memory with its precompressed .gz and .br siblings.
 * The whole build is a few hundred KB, so memory beats a disk read per request.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Asset {
  body: Buffer;
  gzip?: Buffer;
  br?: Buffer;
  type: string;
  /** Vite's content-hashed files under assets/: cached for a year. */
  immutable: boolean;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

/** dist/dashboard next to the bundle (dist/chunks/…) or, from the sources, at the repo root. */
export function defaultDashboardDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.SWITCHYARD_DASHBOARD_DIR) return env.SWITCHYARD_DASHBOARD_DIR;
  for (const rel of ['../dashboard/', '../../dist/dashboard/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return undefined;
}

export function loadAssets(dir: string): Map<string, Asset> {
  const out = new Map<string, Asset>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (!name.endsWith('.gz') && !name.endsWith('.br') && !name.endsWith('.map')) {
        const rel = relative(dir, p).split(sep).join('/');
        const asset: Asset = {
          body: readFileSync(p),
          type: TYPES[extname(name)] ?? 'application/octet-stream',
          immutable: rel.startsWith('assets/'),
        };
        if (existsSync(`${p}.gz`)) asset.gzip = readFileSync(`${p}.gz`);
        if (existsSync(`${p}.br`)) asset.br = readFileSync(`${p}.br`);
        out.set(rel, asset);
      }
    }
  };
  walk(dir);
  return out;
}
