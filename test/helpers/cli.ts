// Runs the `switchyard` CLI and server as child processes, the way a user does:
// `node --import tsx src/cli/main.ts …` with a temp SWITCHYARD_HOME and state
// directory, nothing of the developer's environment leaking in.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
const MAIN = join(ROOT, 'src/cli/main.ts');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** process.env without anything that would point the CLI or server somewhere else. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('SWITCHYARD_') || k === 'DATABASE_URL') delete env[k];
  for (const [k, v] of Object.entries(extra)) if (v === undefined) delete env[k];
  else env[k] = v;
  env.NO_COLOR = '1';
  return env;
}

export function runCli(args: string[], opts: { env?: Record<string, string | undefined>; input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      cwd: ROOT,
      env: cleanEnv(opts.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** Parses a `--json` run's stdout, failing loudly with the run's stderr. */
export function json<T = unknown>(r: CliResult): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\n${r.stdout}\n--- stderr ---\n${r.stderr}`);
  }
}

export interface TempDir {
  path: string;
  cleanup(): void;
}

export function tempDir(prefix: string): TempDir {
  const path = mkdtempSync(join(tmpdir(), `sy-${prefix}-`));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** A port that was free a moment ago and has nothing listening on it. */
export function closedPort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => res(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  stateDir: string;
  instanceDir: string;
  password: string;
  child: ChildProcess;
  /** Output so far (for failure messages). */
  output(): string;
  /** SIGTERM, wait for exit (SIGKILL after 15 s). Idempotent. */
  stop(): Promise<void>;
}

export const TEST_PASSWORD = 'correct horse battery staple';

/** `switchyard start --port 0` in a temp state dir; resolves once runtime.json names its URL and it is healthy. */
export async function startServerProcess(opts: { stateDir: string; env?: Record<string, string | undefined>; args?: string[] }): Promise<ServerProcess> {
  const password = opts.env?.SWITCHYARD_PASSWORD ?? TEST_PASSWORD;
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'start', '--port', '0', '--state-dir', opts.stateDir, ...(opts.args ?? [])], {
    cwd: ROOT,
    env: cleanEnv({ SWITCHYARD_PASSWORD: password, SWITCHYARD_LOG_LEVEL: 'warn', ...opts.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let gone = false;
  void exited.then(() => (gone = true));
  const instanceId = opts.args?.includes('--instance-id') ? (opts.args[opts.args.indexOf('--instance-id') + 1] as string) : 'default';
  const instanceDir = join(opts.stateDir, instanceId);
  const runtime = join(instanceDir, 'runtime.json');
  const deadline = Date.now() + 30_000;
  let url = '';
  while (!url) {
    if (gone) throw new Error(`server exited before it was ready:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready in 30 s:\n${out}`);
    }
    if (existsSync(runtime)) {
      try {
        const info = JSON.parse(readFileSync(runtime, 'utf8')) as { url?: string; pid?: number };
        if (info.url && info.pid === child.pid) {
          const res = await fetch(`${info.url}/api/health`).catch(() => undefined);
          if (res?.ok) url = info.url;
        }
      } catch {}
    }
    if (!url) await new Promise((r) => setTimeout(r, 50));
  }
  let stopping: Promise<void> | undefined;
  return {
    url,
    stateDir: opts.stateDir,
    instanceDir,
    password,
    child,
    output: () => out,
    stop() {
      stopping ??= (async () => {
        if (gone) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
