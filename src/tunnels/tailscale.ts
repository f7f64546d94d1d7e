/** Tailscale Funnel through the `tailscale` CLI; every call is one process, bounded in time. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand, tailscaleBin } from './tailscale-cli.js';
import { tunnelStatus } from './status.js';
import type { IngressTarget, TunnelBackend, TunnelStatus } from './types.js';

export const TAILSCALE_INSTALL_SCRIPT_URL = 'https://tailscale.com/install.sh';

export interface TailscaleCheck {
  installed: boolean;
  daemonRunning: boolean;
  loggedIn: boolean;
  dnsName: string | null;
}

export interface SudoOption {
  sudoPassword?: string;
}

export interface TailscaleBackend extends TunnelBackend {
  check(): Promise<TailscaleCheck>;
  login(o?: SudoOption): Promise<{ loggedIn: boolean; authUrl: string | null }>;
  enableFunnel(o?: SudoOption & { httpsPort?: number }): Promise<TunnelStatus & { funnelNotEnabled?: true; enableUrl?: string }>;
  install(o: SudoOption, onLine: (line: string) => void): Promise<{ ok: boolean; message: string }>;
  startDaemon(o?: SudoOption): Promise<TailscaleCheck>;
}

const URL_IN = /https:\/\/\S+/;

export function createTailscaleBackend(opts: { target: IngressTarget; env: NodeJS.ProcessEnv }): TailscaleBackend {
  const bin = tailscaleBin(opts.env);
  const targetUrl = opts.target.url;
  let status: TunnelStatus = tunnelStatus('stopped', { targetUrl });
  let httpsPort = 443;
  const run = (args: string[], o: SudoOption & { timeoutMs?: number; onLine?: (l: string) => boolean | void } = {}) => runCommand(bin, args, opts.env, o);
  const firstLine = (text: string): string => text.split('\n').map((l) => l.trim()).find(Boolean)?.slice(0, 300) ?? '';

  async function check(): Promise<TailscaleCheck> {
    const version = await run(['version'], { timeoutMs: 10_000 });
    if (version.notFound || version.code !== 0) return { installed: false, daemonRunning: false, loggedIn: false, dnsName: null };
    const st = await run(['status', '--json'], { timeoutMs: 10_000 });
    type Status = { BackendState?: string; Self?: { DNSName?: string } };
    let parsed: Status | null;
    try {
      parsed = JSON.parse(st.output) as Status;
    } catch {
      parsed = null;
    }
    if (!parsed) return { installed: true, daemonRunning: false, loggedIn: false, dnsName: null };
    const state = parsed.BackendState ?? '';
    const dns = parsed.Self?.DNSName?.replace(/\.$/, '') || null;
    return { installed: true, daemonRunning: true, loggedIn: !['NeedsLogin', 'NoState', ''].includes(state), dnsName: dns };
  }

  const backend: TailscaleBackend = {
    name: 'tailscale',
    status: () => status,
    check,
    async login(o = {}) {
      let authUrl: string | null = null;
      const r = await run(['up'], {
        ...o,
        timeoutMs: 30_000,
        onLine: (line) => {
          const m = URL_IN.exec(line);
          if (m) authUrl = m[0];
          return authUrl !== null;
        },
      });
      // The CLI keeps waiting for the person to finish in the browser; let it, but not forever.
      if (r.child) setTimeout(() => r.child?.kill(), 10 * 60_000).unref();
      if (authUrl) return { loggedIn: false, authUrl };
      if (r.code === 0) return { loggedIn: true, authUrl: null };
      throw new Error(`tailscale up failed: ${firstLine(r.output) || (r.timedOut ? 'no answer in 30 s' : `exit ${r.code}`)}`);
    },
    async enableFunnel(o = {}) {
      httpsPort = o.httpsPort ?? 443;
      status = tunnelStatus('starting', { targetUrl });
      let enableUrl: string | null = null;
      let notEnabled = false;
      const args = ['funnel', '--bg', ...(httpsPort !== 443 ? [`--https=${httpsPort}`] : []), String(opts.target.port)];
      const r = await run(args, {
        ...o,
        timeoutMs: 30_000,
        onLine: (line) => {
          if (/funnel is not enabled/i.test(line)) notEnabled = true;
          const m = URL_IN.exec(line);
          if (m && (notEnabled || m[0].includes('/f/funnel'))) enableUrl = m[0];
          return enableUrl !== null;
        },
      });
      if (enableUrl) {
        r.child?.kill();
        status = tunnelStatus('needs_auth', { targetUrl, lastError: `Funnel is not enabled for this tailnet; an admin can turn it on at ${enableUrl as string}` });
        return { ...status, funnelNotEnabled: true, enableUrl };
      }
      if (r.code !== 0) {
        status = tunnelStatus('error', { targetUrl, lastError: `tailscale funnel failed: ${firstLine(r.output) || (r.notFound ? `${bin} not found; install Tailscale first` : `exit ${r.code}`)}` });
        return status;
      }
      const c = await check();
      if (!c.dnsName) return (status = tunnelStatus('error', { targetUrl, lastError: 'Funnel is on but tailscale reports no DNS name for this node' }));
      const publicUrl = `https://${c.dnsName}${httpsPort !== 443 ? `:${httpsPort}` : ''}/`;
      return (status = tunnelStatus('running', { publicUrl, targetUrl }));
    },
    async enable() {
      if (status.phase === 'running' || status.phase === 'starting') return status;
      return backend.enableFunnel();
    },
    async disable() {
      const args = ['funnel', ...(httpsPort !== 443 ? [`--https=${httpsPort}`] : []), String(opts.target.port), 'off'];
      const r = await run(args, { timeoutMs: 30_000 });
      if (r.code !== 0 && !r.notFound) return (status = tunnelStatus('error', { targetUrl, lastError: `tailscale funnel off failed: ${firstLine(r.output)}` }));
      return (status = tunnelStatus('stopped', { targetUrl }));
    },
    async install(o, onLine) {
      if (process.platform === 'darwin') {
        const r = await runCommand('brew', ['install', 'tailscale'], opts.env, { timeoutMs: 15 * 60_000, onLine: (l) => void onLine(l) });
        return { ok: r.code === 0, message: r.code === 0 ? 'installed' : `brew install tailscale failed (exit ${r.code})` };
      }
      const url = opts.env.TAILSCALE_INSTALL_SCRIPT_URL || TAILSCALE_INSTALL_SCRIPT_URL;
      let script: string;
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        script = await res.text();
      } catch (err) {
        return { ok: false, message: `cannot download the install script from ${url}: ${(err as Error).message}` };
      }
      const dir = mkdtempSync(join(tmpdir(), 'sy-tailscale-'));
      const file = join(dir, 'install.sh');
      writeFileSync(file, script, { mode: 0o700 });
      try {
        const r = await runCommand('sh', [file], opts.env, { ...o, timeoutMs: 15 * 60_000, onLine: (l) => void onLine(l) });
        return { ok: r.code === 0, message: r.code === 0 ? 'installed' : `the install script failed (exit ${r.code})` };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    async startDaemon(o = {}) {
      const r = await runCommand('systemctl', ['enable', '--now', 'tailscaled'], opts.env, { ...o, timeoutMs: 60_000 });
      if (r.code !== 0) throw new Error(`cannot start tailscaled: ${firstLine(r.output) || (r.notFound ? 'systemctl not found' : `exit ${r.code}`)}`);
      return check();
    },
    async shutdown() {
      // Funnel lives in tailscaled (--bg): turn it off, as cloudflared is stopped, so no public URL points at a closed port.
      if (status.phase === 'running') await backend.disable();
      status = tunnelStatus('stopped', { targetUrl });
    },
  };
  return backend;
}
