/**
 * /api/tunnels/* (SPEC §5). Every input is validated before anything runs, so
 * a bad request starts nothing. Enable/disable are audited as `tunnel_enable` /
 * `tunnel_disable` with backend and outcome; tokens and sudo passwords are
 * never part of an answer, a log line or an audit event.
 */
import type { Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { SwitchyardError } from '../core/index.js';
import type { TunnelBackendName, TunnelManager, TunnelStatus } from '../tunnels/index.js';
import type { ApiEnv, ManagementDeps } from './types.js';
import { readBody } from './validate.js';

const actionBody = z.object({ action: z.enum(['enable', 'disable']), authToken: z.string().min(1).max(4096).optional() }).strict();
const sudoBody = z.object({ sudoPassword: z.string().max(1024).optional() }).strict();
/** Funnel serves only these public ports. */
const FUNNEL_PORTS = [443, 8443, 10000];
const funnelBody = sudoBody
  .extend({
    httpsPort: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .refine((p) => FUNNEL_PORTS.includes(p), { message: `Funnel serves only ports ${FUNNEL_PORTS.join(', ')}` })
      .optional(),
  })
  .strict();
const KNOWN = 'cloudflared, ngrok, tailscale';
const TAILSCALE_ACTIONS = 'check, install, start-daemon, login, enable, disable';

function manager(deps: ManagementDeps): TunnelManager {
  if (!deps.tunnels) throw new SwitchyardError('INTERNAL', 'tunnels are not available in this server', { status: 503, expose: true });
  return deps.tunnels;
}

async function audited(c: Context<ApiEnv>, deps: ManagementDeps, backend: TunnelBackendName, action: 'enable' | 'disable', run: () => Promise<TunnelStatus>) {
  const status = await run();
  const ok = action === 'disable' ? status.phase === 'stopped' : status.phase === 'running' || status.phase === 'starting';
  await deps.audit.record(c, `tunnel_${action}`, ok ? 'success' : 'failure', { backend, phase: status.phase, ...(status.lastError ? { error: status.lastError } : {}) });
  return status;
}

function registerSimple(app: Hono<ApiEnv>, deps: ManagementDeps, name: 'cloudflared' | 'ngrok'): void {
  app.get(`/api/tunnels/${name}`, async (c) => {
    const m = manager(deps);
    const extra = name === 'ngrok' ? { authTokenSource: await m.ngrokTokenSource() } : {};
    return c.json({ ...m.status(name), ...extra });
  });
  app.post(`/api/tunnels/${name}`, async (c) => {
    const body = await readBody(c, actionBody);
    const m = manager(deps);
    if (body.authToken && name !== 'ngrok') throw new SwitchyardError('VALIDATION_FAILED', `authToken: ${name} takes no token`);
    const status = await audited(c, deps, name, body.action, () => (body.action === 'enable' ? m.enable(name, body.authToken ? { authToken: body.authToken } : {}) : m.disable(name)));
    return c.json(status);
  });
}

function registerTailscale(app: Hono<ApiEnv>, deps: ManagementDeps): void {
  const ts = () => manager(deps).tailscale;
  app.get('/api/tunnels/tailscale', (c) => c.json(ts().status()));
  app.get('/api/tunnels/tailscale/check', async (c) => c.json(await ts().check()));
  app.post('/api/tunnels/tailscale/login', async (c) => {
    const body = await readBody(c, sudoBody);
    return c.json(await ts().login(body));
  });
  app.post('/api/tunnels/tailscale/start-daemon', async (c) => {
    const body = await readBody(c, sudoBody);
    return c.json(await ts().startDaemon(body));
  });
  app.post('/api/tunnels/tailscale/enable', async (c) => {
    const body = await readBody(c, funnelBody);
    let answer: TunnelStatus & { funnelNotEnabled?: true; enableUrl?: string } = ts().status();
    await audited(c, deps, 'tailscale', 'enable', async () => (answer = await ts().enableFunnel(body)));
    return c.json(answer);
  });
  app.post('/api/tunnels/tailscale/disable', async (c) => {
    await readBody(c, sudoBody);
    return c.json(await audited(c, deps, 'tailscale', 'disable', () => ts().disable()));
  });
  app.post('/api/tunnels/tailscale/install', async (c) => {
    const body = await readBody(c, sudoBody);
    const backend = ts();
    return streamSSE(c, async (stream) => {
      const lines: string[] = [];
      let wake: (() => void) | null = null;
      let finished: { ok: boolean; message: string } | null = null;
      void backend
        .install(body, (line) => {
          lines.push(line);
          wake?.();
        })
        .then((r) => (finished = r), (err: unknown) => (finished = { ok: false, message: (err as Error).message }))
        .finally(() => wake?.());
      for (;;) {
        while (lines.length) await stream.writeSSE({ event: 'progress', data: JSON.stringify({ line: lines.shift() }) });
        if (finished) break;
        await new Promise<void>((r) => (wake = r));
        wake = null;
      }
      const done = finished as { ok: boolean; message: string };
      await stream.writeSSE({ event: done.ok ? 'done' : 'error', data: JSON.stringify({ message: done.message }) });
    });
  });
  app.all('/api/tunnels/tailscale/:action', (c) => {
    throw new SwitchyardError('BAD_REQUEST', `unknown tailscale action '${c.req.param('action').slice(0, 40)}' (known: ${TAILSCALE_ACTIONS})`);
  });
}

export function registerTunnels(app: Hono<ApiEnv>, deps: ManagementDeps): void {
  registerSimple(app, deps, 'cloudflared');
  registerSimple(app, deps, 'ngrok');
  registerTailscale(app, deps);
  app.all('/api/tunnels/:backend', (c) => {
    throw new SwitchyardError('BAD_REQUEST', `unknown tunnel backend '${c.req.param('backend').slice(0, 40)}' (known: ${KNOWN})`);
  });
}
