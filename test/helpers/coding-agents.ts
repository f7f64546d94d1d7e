// Runs the real Codex CLI and Claude Code (dev dependencies) as child processes,
// isolated from the developer's machine: temp HOME / CODEX_HOME / CLAUDE_CONFIG_DIR,
// no inherited credentials, telemetry and update checks off. Their only network
// is whatever 127.0.0.1 URL the caller configures.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
export const CODEX_BIN = join(ROOT, 'node_modules/.bin/codex');
export const CLAUDE_BIN = join(ROOT, 'node_modules/.bin/claude');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A temp directory tree for one client run; `cleanup()` removes it. */
export interface AgentSandbox {
  root: string;
  home: string;
  work: string;
  cleanup(): void;
}

export function makeSandbox(prefix: string): AgentSandbox {
  const root = mkdtempSync(join(tmpdir(), `sy-${prefix}-`));
  const home = join(root, 'home');
  const work = join(root, 'work');
  mkdirSync(home, { recursive: true });
  mkdirSync(work, { recursive: true });
  return { root, home, work, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** The environment every client run starts from: nothing of the developer's. */
export function baseEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    TERM: 'dumb',
    NO_COLOR: '1',
    LANG: 'C.UTF-8',
  };
}

export function run(bin: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(bin, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${opts.timeoutMs ?? 120_000} ms]`;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 120_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** Codex settings that keep it offline apart from the configured provider. */
export const CODEX_QUIET_TOML = ['check_for_update_on_startup = false', '', '[analytics]', 'enabled = false', '', '[feedback]', 'enabled = false', ''].join('\n');

export function runCodex(args: string[], opts: { sandbox: AgentSandbox; codexHome: string; env?: NodeJS.ProcessEnv }): Promise<RunResult> {
  const env = { ...baseEnv(opts.sandbox.home), CODEX_HOME: opts.codexHome, ...opts.env };
  return run(CODEX_BIN, args, { cwd: opts.sandbox.work, env });
}

export function runClaude(args: string[], opts: { sandbox: AgentSandbox; configDir: string; env?: NodeJS.ProcessEnv }): Promise<RunResult> {
  const env = {
    ...baseEnv(opts.sandbox.home),
    CLAUDE_CONFIG_DIR: opts.configDir,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    ...opts.env,
  };
  return run(CLAUDE_BIN, args, { cwd: opts.sandbox.work, env });
}
