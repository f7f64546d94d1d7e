/**
 * Serves the built dashboard at /dashboard. Hashed assets are immutable for a
 * year; every other path is the single-page app's index.html (no-cache), so
 * /dashboard/keys survives a reload. Only GET and HEAD; no CORS headers ever.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadAssets, type Asset } from './assets.js';
import { SECURITY_HEADERS } from './headers.js';

export const DASHBOARD_PREFIX = '/dashboard';

export function isDashboardPath(url: string): boolean {
  return url === DASHBOARD_PREFIX || url.startsWith(`${DASHBOARD_PREFIX}/`) || url.startsWith(`${DASHBOARD_PREFIX}?`);
}

function pick(asset: Asset, acceptEncoding: string): { body: Buffer; encoding?: string } {
  const accepts = (enc: string) => new RegExp(`(^|[ ,])${enc}(;q=(?!0(\\.0*)?\\b)|[ ,]|$)`).test(acceptEncoding);
  if (asset.br && accepts('br')) return { body: asset.br, encoding: 'br' };
  if (asset.gzip && accepts('gzip')) return { body: asset.gzip, encoding: 'gzip' };
  return { body: asset.body };
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer | string, head: boolean): void {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'content-length': String(buf.length) });
  res.end(head ? undefined : buf);
}

export function createDashboardHandler(dir: string | undefined): (req: IncomingMessage, res: ServerResponse) => void {
  const assets = dir ? loadAssets(dir) : new Map<string, Asset>();
  const index = assets.get('index.html');
  return (req, res) => {
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) {
      return send(res, 405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }, 'method not allowed', false);
    }
    if (!index) {
      const msg = 'the dashboard is not built: run `npm run build` (or `npm ci`) in the Switchyard checkout';
      return send(res, 503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, msg, head);
    }
    const path = (req.url ?? '/').split('?')[0] ?? '';
    if (path === DASHBOARD_PREFIX) return send(res, 308, { location: `${DASHBOARD_PREFIX}/` }, '', head);
    const rel = path.slice(DASHBOARD_PREFIX.length + 1);
    const asset = assets.get(rel);
    // A missing hashed asset is a 404, not the app: a browser must not cache HTML as script.
    if (!asset && rel.startsWith('assets/')) {
      return send(res, 404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, 'not found', head);
    }
    const file = asset ?? index;
    const { body, encoding } = pick(file, String(req.headers['accept-encoding'] ?? ''));
    const headers: Record<string, string> = {
      'content-type': file.type,
      'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      vary: 'Accept-Encoding',
    };
    if (encoding) headers['content-encoding'] = encoding;
    send(res, 200, headers, body, head);
  };
}
