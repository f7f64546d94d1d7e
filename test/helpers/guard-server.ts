/**
 * For the guard's e2e tests: a real server (in-process `startServer`, temp
 * state dir, real SQLite) and a raw HTTP client that controls every header,
 * Host and the local address included (fetch would not let us).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deriveCliToken } from '../../src/core/index.js';
import { loadConfig, startServer, type RunningServer } from '../../src/server/index.js';

export const PASSWORD = 'correct horse battery staple';
export const CLI_TOKEN = deriveCliToken();

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => { error?: { code?: string; message?: string } } & Record<string, unknown>;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Source address of the connection, e.g. 127.0.0.2 to act as another loopback client. */
  localAddress?: string;
}

export function send(baseUrl: string, path: string, opts: RequestOptions = {}): Promise<Reply> {
  const url = new URL(path, baseUrl);
  const body = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  const headers: Record<string, string> = { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers };
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port,
        path: url.pathname + url.search,
        method: opts.method ?? 'GET',
        headers,
        agent: false,
        ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as ReturnType<Reply['json']> });
        });
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export interface GuardServer {
  server: RunningServer;
  url: string;
  stateDir: string;
  send(path: string, opts?: RequestOptions): Promise<Reply>;
  /** Same state dir, new process-level server (a restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startGuardServer(extraEnv: Record<string, string> = {}, stateDir?: string): Promise<GuardServer> {
  const dir = stateDir ?? mkdtempSync(join(tmpdir(), 'sy-guard-'));
  const { SWITCHYARD_DISABLE_CLI_TOKEN: _ignored, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = { ...inherited, SWITCHYARD_PASSWORD: PASSWORD, SWITCHYARD_SECRET: 'test-secret', ...extraEnv };
  const boot = () => startServer(loadConfig({ stateDir: dir, port: 0, host: '127.0.0.1', logLevel: 'silent' }, env), env);
  const gs: GuardServer = {
    server: await boot(),
    url: '',
    stateDir: dir,
    send: (path, opts) => send(gs.url, path, opts),
    async restart() {
      await gs.server.stop('test restart');
      gs.server = await boot();
      gs.url = gs.server.url;
    },
    async close() {
      await gs.server.stop('test end');
      if (!stateDir) rmSync(dir, { recursive: true, force: true });
    },
  };
  gs.url = gs.server.url;
  return gs;
}

export const cli = { 'x-switchyard-cli-token': CLI_TOKEN };
export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** Password → admin (or given scope) token through /api/cli/connect. */
export async function connectToken(gs: GuardServer, scope?: string, opts: RequestOptions = {}): Promise<{ token: string; id: string }> {
  const r = await gs.send('/api/cli/connect', { method: 'POST', body: { password: PASSWORD, ...(scope ? { scope } : {}) }, ...opts });
  if (r.status !== 201) throw new Error(`connect failed: ${r.status} ${r.text}`);
  const j = r.json() as { token: string; id: string };
  return { token: j.token, id: j.id };
}
