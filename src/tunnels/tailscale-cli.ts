/**
 * Runs `tailscale …` (`TAILSCALE_BIN`, else `tailscale` on PATH), optionally
 * through `sudo -S` with the password written to its stdin for that one call:
 * never stored, logged or echoed, and cut out of anything the call printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface RunOptions {
  sudoPassword?: string;
  timeoutMs?: number;
  /** Each output line as it arrives; return true to stop waiting (the process keeps running). */
  onLine?: (line: string) => boolean | void;
}

export interface RunResult {
  code: number | null;
  output: string;
  /** The binary could not be started at all (not installed). */
  notFound: boolean;
  timedOut: boolean;
  /** Set when onLine stopped the wait: the still-running process. */
  child?: ChildProcess;
}

export function spawnMaybeSudo(command: string, args: string[], sudoPassword: string | undefined, env: NodeJS.ProcessEnv): ChildProcess {
  const child = sudoPassword
    ? spawn('sudo', ['-S', '-p', '', '--', command, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env })
    : spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  if (sudoPassword) child.stdin?.end(sudoPassword + '\n');
  return child;
}

export function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv, opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawnMaybeSudo(command, args, opts.sudoPassword, env);
    let output = '';
    let pending = '';
    let done = false;
    const finish = (r: Omit<RunResult, 'output'>): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const clean = opts.sudoPassword ? output.split(opts.sudoPassword).join('[redacted]') : output;
      resolve({ ...r, output: clean });
    };
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output += text;
      pending += text;
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const safe = opts.sudoPassword ? line.split(opts.sudoPassword).join('[redacted]') : line;
        if (!done && opts.onLine?.(safe) === true) finish({ code: null, notFound: false, timedOut: false, child });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish({ code: null, notFound: false, timedOut: true });
    }, opts.timeoutMs ?? 30_000);
    child.once('error', (err: NodeJS.ErrnoException) => finish({ code: null, notFound: err.code === 'ENOENT', timedOut: false }));
    child.once('close', (code) => {
      if (pending && opts.onLine) opts.onLine(pending);
      finish({ code, notFound: false, timedOut: false });
    });
  });
}

export function tailscaleBin(env: NodeJS.ProcessEnv): string {
  return env.TAILSCALE_BIN || 'tailscale';
}
