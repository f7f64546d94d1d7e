/**
 * cloudflared quick tunnel as a child process. Its output goes to a log file
 * in the instance directory, not a pipe, so the child survives a crash of the
 * server (a Go program writing to a broken pipe dies) and the next start can
 * adopt it: `cloudflared-state.json` (0600) names its PID, URL and target.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveCloudflared } from './cloudflared-install.js';
import { readJson, removeFile, writePrivateJson } from './private-file.js';
import { commandLine, isAlive, terminate } from './process-info.js';
import { envMs, tunnelStatus } from './status.js';
import type { IngressTarget, TunnelBackend, TunnelStatus } from './types.js';

export const CLOUDFLARED_STATE_FILE = 'cloudflared-state.json';
const URL_RE = /https:\/\/[a-z0-9-]+\.trycloudflare\.com/i;

export interface CloudflaredState {
  pid: number;
  url: string | null;
  target: string;
  startedAt: string;
}

export interface CloudflaredOptions {
  instanceDir: string;
  target: IngressTarget;
  env: NodeJS.ProcessEnv;
  /** Resolves the binary (env, managed, download); injectable for tests of the process handling. */
  resolveBinary?: () => Promise<string>;
  onError?: (message: string) => void;
}

/** The argv of the child; its /proc command line must show `--url <target>` to be adopted. */
export function cloudflaredArgs(target: string, env: NodeJS.ProcessEnv): string[] {
  return ['tunnel', '--no-autoupdate', '--protocol', env.CLOUDFLARED_PROTOCOL || 'http2', '--url', target];
}

/** Does this process look like the cloudflared we started for `target`? */
export function isOurCloudflared(argv: readonly string[] | null, target: string): boolean {
  if (!argv) return false;
  const at = argv.indexOf('--url');
  return argv.includes('tunnel') && at >= 0 && argv[at + 1] === target;
}

function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}

export function createCloudflaredBackend(opts: CloudflaredOptions): TunnelBackend {
  const stateFile = join(opts.instanceDir, CLOUDFLARED_STATE_FILE);
  const logFile = join(opts.instanceDir, 'cloudflared.log');
  const targetUrl = opts.target.url;
  const resolveBinary = opts.resolveBinary ?? (() => resolveCloudflared({ env: opts.env, binDir: join(opts.instanceDir, 'bin') }));
  let status: TunnelStatus = tunnelStatus('stopped', { targetUrl });
  let child: ChildProcess | null = null;
  let pid: number | null = null;
  let watch: NodeJS.Timeout | null = null;
  /** Bumped by every enable/disable so a stale start cannot overwrite a newer state. */
  let generation = 0;

  const set = (s: TunnelStatus): TunnelStatus => (status = s);
  const fail = (message: string): void => {
    set(tunnelStatus('error', { targetUrl, lastError: message }));
    opts.onError?.(message);
  };
  const stopWatching = (): void => {
    if (watch) clearInterval(watch);
    watch = null;
  };
  const readLog = (): string => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };

  /** An adopted child is not ours to wait on: poll until it goes. */
  const watchAdopted = (adopted: number): void => {
    stopWatching();
    watch = setInterval(() => {
      if (isAlive(adopted)) return;
      stopWatching();
      pid = null;
      removeFile(stateFile);
      fail(`cloudflared (pid ${adopted}) stopped; enable the tunnel again`);
    }, 1000);
    watch.unref();
  };

  async function start(gen: number): Promise<void> {
    let bin: string;
    try {
      bin = await resolveBinary();
    } catch (err) {
      if (gen === generation) fail((err as Error).message);
      return;
    }
    if (gen !== generation) return;
    const out = openSync(logFile, 'w', 0o600);
    let proc: ChildProcess;
    try {
      proc = spawn(bin, cloudflaredArgs(targetUrl, opts.env), { detached: true, stdio: ['ignore', out, out], env: opts.env });
    } finally {
      closeSync(out);
    }
    child = proc;
    proc.unref();
    const spawnError = await new Promise<Error | null>((resolve) => {
      proc.once('spawn', () => resolve(null));
      proc.once('error', resolve);
    });
    if (spawnError) {
      child = null;
      if (gen === generation) fail(`cannot run ${bin}: ${spawnError.message}`);
      return;
    }
    pid = proc.pid ?? null;
    const startedAt = new Date().toISOString();
    if (pid) writePrivateJson(stateFile, { pid, url: null, target: targetUrl, startedAt } satisfies CloudflaredState);
    const timeoutMs = envMs(opts.env, 'SWITCHYARD_TUNNEL_START_TIMEOUT_MS', 30_000);
    const deadline = Date.now() + timeoutMs;
    let exited: { code: number | null; signal: string | null } | null = null;
    proc.once('exit', (code, signal) => {
      exited = { code, signal };
      if (child === proc) child = null;
      if (pid === proc.pid) pid = null;
      if (gen !== generation) return;
      removeFile(stateFile);
      if (status.phase === 'running') fail(`cloudflared exited (${signal ?? `code ${code}`}); enable the tunnel again`);
    });
    while (gen === generation) {
      const url = URL_RE.exec(readLog())?.[0];
      if (url && !exited) {
        writePrivateJson(stateFile, { pid: proc.pid as number, url, target: targetUrl, startedAt } satisfies CloudflaredState);
        set(tunnelStatus('running', { publicUrl: url, targetUrl }));
        return;
      }
      if (exited) {
        const e = exited as { code: number | null; signal: string | null };
        const last = lastLine(readLog());
        fail(`cloudflared exited (${e.signal ?? `code ${e.code}`}) before it printed a public URL${last ? `: ${last}` : ''}`);
        return;
      }
      if (Date.now() > deadline) {
        const last = lastLine(readLog());
        generation++;
        if (proc.pid) await terminate(proc.pid);
        removeFile(stateFile);
        fail(`cloudflared printed no https://*.trycloudflare.com URL within ${Math.round(timeoutMs / 1000)} s; check that this machine reaches Cloudflare (try CLOUDFLARED_PROTOCOL=quic or http2)${last ? `; last output: ${last}` : ''}`);
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function stop(): Promise<void> {
    generation++;
    stopWatching();
    const own = child;
    const target = pid ?? own?.pid ?? null;
    if (own && own.exitCode === null && own.signalCode === null) {
      const gone = new Promise<void>((r) => own.once('exit', () => r()));
      if (target) await terminate(target);
      await Promise.race([gone, new Promise((r) => setTimeout(r, 2000))]);
    } else if (target && isOurCloudflared(commandLine(target), targetUrl)) {
      await terminate(target);
    }
    child = null;
    pid = null;
    removeFile(stateFile);
  }

  return {
    name: 'cloudflared',
    status: () => status,
    async enable() {
      if (status.phase === 'running' || status.phase === 'starting') return status;
      const gen = ++generation;
      set(tunnelStatus('starting', { targetUrl }));
      void start(gen);
      // Let a fast failure (no binary) land before answering.
      await new Promise((r) => setTimeout(r, 50));
      return status;
    },
    async disable() {
      await stop();
      return set(tunnelStatus('stopped', { targetUrl }));
    },
    async resume() {
      const saved = readJson(stateFile) as Partial<CloudflaredState> | null;
      if (!saved || typeof saved.pid !== 'number') return removeFile(stateFile);
      const ours = isAlive(saved.pid) && isOurCloudflared(commandLine(saved.pid), targetUrl);
      if (ours && typeof saved.url === 'string' && URL_RE.test(saved.url)) {
        pid = saved.pid;
        set(tunnelStatus('running', { publicUrl: saved.url, targetUrl }));
        watchAdopted(saved.pid);
        return;
      }
      // Ours but never got a URL: stop it. Not ours (a reused PID): leave it alone.
      if (ours) await terminate(saved.pid);
      removeFile(stateFile);
    },
    async shutdown() {
      await stop();
      set(tunnelStatus('stopped', { targetUrl }));
    },
  };
}
