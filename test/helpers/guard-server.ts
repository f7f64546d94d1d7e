/**
 * For the guard's e2e tests: a real server (in-process `startServer`, temp
 * state dir, real SQLite) and a raw HTTP client that controls every header,
 * Host and the local address included (fetch would not let us).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

export interface ServerProcess {
  url: string;
  proc: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
  exited: Promise<number | null>;
}

export const CLI_MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/**
 * `switchyard start` as a real process (optionally behind a prefix such as
 * `ip netns exec ns1`); resolves once runtime.json names its URL.
 */
export async function spawnServer(opts: {
  stateDir: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  prefix?: string[];
  timeoutMs?: number;
}): Promise<ServerProcess> {
  const argv = [...(opts.prefix ?? []), process.execPath, '--import', 'tsx', CLI_MAIN, 'start', '--state-dir', opts.stateDir, ...(opts.args ?? ['--port', '0'])];
  const proc = spawn(argv[0] as string, argv.slice(1), { env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const runtime = join(opts.stateDir, 'default', 'runtime.json');
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  let url: string | undefined;
  while (!url) {
    if (proc.exitCode !== null) throw new Error(`server exited early (${proc.exitCode}):\n${out}`);
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`server did not start in time:\n${out}`);
    }
    if (existsSync(runtime)) url = (JSON.parse(readFileSync(runtime, 'utf8')) as { url: string }).url;
    else await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    proc,
    output: () => out,
    exited,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
