/** All three backends, each independent; the one place that knows which public URL the server has. */
import { createCloudflaredBackend } from './cloudflared.js';
import { createNgrokBackend } from './ngrok.js';
import { createTailscaleBackend, type TailscaleBackend } from './tailscale.js';
import { TUNNEL_BACKENDS, type IngressTarget, type TunnelBackend, type TunnelBackendName, type TunnelStatus } from './types.js';

/** Where the ngrok token saved from an earlier enable lives (encrypted by the caller's store). */
export interface TokenStore {
  get(): Promise<string | null>;
  set(token: string): Promise<void>;
}

export interface TunnelManager {
  target: IngressTarget;
  backend(name: TunnelBackendName): TunnelBackend;
  tailscale: TailscaleBackend;
  status(name: TunnelBackendName): TunnelStatus;
  /** ngrok: body token → saved token → NGROK_AUTHTOKEN. A body token that starts a tunnel is saved. */
  enable(name: TunnelBackendName, opts?: { authToken?: string }): Promise<TunnelStatus>;
  disable(name: TunnelBackendName): Promise<TunnelStatus>;
  ngrokTokenSource(): Promise<'settings' | 'env' | null>;
  /** SWITCHYARD_PUBLIC_URL, else the first running tunnel's URL, else null. */
  publicUrl(): string | null;
  /** Hostnames of the public URL and every running tunnel (allowed as Host). */
  publicHosts(): Set<string>;
  resume(): Promise<void>;
  shutdown(): Promise<void>;
}

export function createTunnelManager(opts: {
  instanceDir: string;
  target: IngressTarget;
  env: NodeJS.ProcessEnv;
  publicUrl?: string | undefined;
  ngrokToken: TokenStore;
  onError?: (backend: TunnelBackendName, message: string) => void;
}): TunnelManager {
  const tailscale = createTailscaleBackend({ target: opts.target, env: opts.env });
  const backends: Record<TunnelBackendName, TunnelBackend> = {
    cloudflared: createCloudflaredBackend({ instanceDir: opts.instanceDir, target: opts.target, env: opts.env, onError: (m) => opts.onError?.('cloudflared', m) }),
    ngrok: createNgrokBackend({ target: opts.target, env: opts.env, onError: (m) => opts.onError?.('ngrok', m) }),
    tailscale,
  };
  /** A body token is saved only once ngrok accepted it, so a refused one never replaces a good one. */
  const saveWhenRunning = async (token: string): Promise<void> => {
    while (backends.ngrok.status().phase === 'starting') await new Promise((r) => setTimeout(r, 50));
    if (backends.ngrok.status().phase === 'running') await opts.ngrokToken.set(token).catch(() => undefined);
  };
  const running = (): string[] => TUNNEL_BACKENDS.map((n) => backends[n].status().publicUrl).filter((u): u is string => !!u);
  return {
    target: opts.target,
    tailscale,
    backend: (name) => backends[name],
    status: (name) => backends[name].status(),
    async enable(name, o = {}) {
      if (name !== 'ngrok') return backends[name].enable();
      const token = o.authToken || (await opts.ngrokToken.get()) || opts.env.NGROK_AUTHTOKEN || undefined;
      const status = await backends.ngrok.enable(token ? { authToken: token } : {});
      if (o.authToken) void saveWhenRunning(o.authToken);
      return status;
    },
    disable: (name) => backends[name].disable(),
    async ngrokTokenSource() {
      if (await opts.ngrokToken.get()) return 'settings';
      return opts.env.NGROK_AUTHTOKEN ? 'env' : null;
    },
    publicUrl: () => opts.publicUrl ?? running()[0] ?? null,
    publicHosts() {
      const out = new Set<string>();
      for (const u of [opts.publicUrl, ...running()]) {
        if (!u) continue;
        try {
          out.add(new URL(u).hostname.toLowerCase());
        } catch {
          // Not a URL: nothing to allow.
        }
      }
      return out;
    },
    async resume() {
      await backends.cloudflared.resume?.();
    },
    async shutdown() {
      await Promise.all(TUNNEL_BACKENDS.map((n) => backends[n].shutdown().catch(() => undefined)));
    },
  };
}
