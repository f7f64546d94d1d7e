/**
 * ngrok through its SDK. `@ngrok/ngrok` is an optional dependency with a
 * native part, imported on first enable only, so a platform without it still
 * boots. `SWITCHYARD_NGROK_MODULE` names another module with the same
 * `forward()` (tests use a fake); `NGROK_SERVER_ADDR` points the SDK at
 * another ngrok server (mirrors, tests).
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { envMs, redact, tunnelStatus } from './status.js';
import type { EnableOptions, IngressTarget, TunnelBackend, TunnelStatus } from './types.js';

interface NgrokListener {
  url(): string | null;
  close(): Promise<void>;
}
interface NgrokModule {
  forward(config: Record<string, unknown>): Promise<NgrokListener>;
  kill?(): Promise<void>;
}

export const NGROK_NEEDS_AUTH = 'ngrok needs an authtoken: pass one (switchyard tunnels enable ngrok --auth-token-stdin), or set NGROK_AUTHTOKEN';

async function loadNgrok(env: NodeJS.ProcessEnv): Promise<NgrokModule> {
  const spec = env.SWITCHYARD_NGROK_MODULE || '@ngrok/ngrok';
  const mod = (await import(isAbsolute(spec) ? pathToFileURL(spec).href : spec)) as Partial<NgrokModule> & { default?: Partial<NgrokModule> };
  const forward = mod.forward ?? mod.default?.forward;
  if (typeof forward !== 'function') throw new Error(`${spec} has no forward()`);
  const kill = mod.kill ?? mod.default?.kill;
  return { forward, ...(kill ? { kill } : {}) };
}

export function createNgrokBackend(opts: { target: IngressTarget; env: NodeJS.ProcessEnv; onError?: (message: string) => void }): TunnelBackend {
  const targetUrl = opts.target.url;
  let status: TunnelStatus = tunnelStatus('stopped', { targetUrl });
  let listener: NgrokListener | null = null;
  let sdk: NgrokModule | null = null;
  let generation = 0;

  const fail = (message: string, token: string): void => {
    const safe = redact(message, [token]);
    status = tunnelStatus('error', { targetUrl, lastError: safe });
    opts.onError?.(safe);
  };

  async function start(gen: number, token: string): Promise<void> {
    try {
      sdk ??= await loadNgrok(opts.env);
    } catch (err) {
      if (gen === generation) fail(`the ngrok SDK (@ngrok/ngrok) cannot be loaded on this platform: ${(err as Error).message}`, token);
      return;
    }
    const timeoutMs = envMs(opts.env, 'SWITCHYARD_TUNNEL_START_TIMEOUT_MS', 30_000);
    const config: Record<string, unknown> = { addr: targetUrl, authtoken: token };
    if (opts.env.NGROK_SERVER_ADDR) config.server_addr = opts.env.NGROK_SERVER_ADDR;
    const pending = sdk.forward(config);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
    try {
      const got = await Promise.race([pending, timeout]);
      if (got === 'timeout') {
        // A late success must not leave a tunnel nobody tracks.
        pending.then((l) => l.close(), () => undefined).catch(() => undefined);
        await sdk.kill?.().catch(() => undefined);
        if (gen === generation) fail(`the ngrok service did not answer within ${Math.round(timeoutMs / 1000)} s; check this machine's connection to ngrok`, token);
        return;
      }
      if (gen !== generation) return void got.close().catch(() => undefined);
      const url = got.url();
      if (!url) {
        await got.close().catch(() => undefined);
        return fail('ngrok accepted the session but gave no public URL', token);
      }
      listener = got;
      status = tunnelStatus('running', { publicUrl: url, targetUrl });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (gen === generation) fail(`ngrok refused to start the tunnel: ${message.split('\n')[0]}`, token);
    } finally {
      clearTimeout(timer);
    }
  }

  async function stop(): Promise<void> {
    generation++;
    const l = listener;
    listener = null;
    await l?.close().catch(() => undefined);
  }

  return {
    name: 'ngrok',
    status: () => status,
    async enable(o: EnableOptions = {}) {
      if (status.phase === 'running' || status.phase === 'starting') return status;
      if (!o.authToken) return (status = tunnelStatus('needs_auth', { targetUrl, lastError: NGROK_NEEDS_AUTH }));
      const gen = ++generation;
      status = tunnelStatus('starting', { targetUrl });
      void start(gen, o.authToken);
      await new Promise((r) => setTimeout(r, 50));
      return status;
    },
    async disable() {
      await stop();
      return (status = tunnelStatus('stopped', { targetUrl }));
    },
    async shutdown() {
      await stop();
      status = tunnelStatus('stopped', { targetUrl });
    },
  };
}
