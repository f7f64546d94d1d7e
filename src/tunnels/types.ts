/** SPEC §5: the one status shape every tunnel backend answers with. */
export type TunnelPhase = 'stopped' | 'starting' | 'running' | 'needs_auth' | 'error';

export const TUNNEL_BACKENDS = ['cloudflared', 'ngrok', 'tailscale'] as const;
export type TunnelBackendName = (typeof TUNNEL_BACKENDS)[number];

export interface TunnelStatus {
  phase: TunnelPhase;
  running: boolean;
  publicUrl: string | null;
  /** `publicUrl + "/v1"`: what a client pastes as its base URL. */
  apiUrl: string | null;
  /** The ingress listener the tunnel forwards to. */
  targetUrl: string | null;
  /** A sentence a person can act on; never a secret. */
  lastError: string | null;
}

export interface EnableOptions {
  /** ngrok: a token given with this request (already resolved against settings and env by the caller). */
  authToken?: string;
}

/**
 * One backend behind the manager. `enable` returns as soon as the tunnel is
 * starting (or has failed); callers poll `status()` for `running`.
 */
export interface TunnelBackend {
  readonly name: TunnelBackendName;
  status(): TunnelStatus;
  enable(opts?: EnableOptions): Promise<TunnelStatus>;
  disable(): Promise<TunnelStatus>;
  /** At server start: pick up a tunnel that outlived the previous process. */
  resume?(): Promise<void>;
  /** Graceful server shutdown: stop what runs and clear persisted state. */
  shutdown(): Promise<void>;
}

/** The address a tunnel forwards to: the ingress listener, never the main port. */
export interface IngressTarget {
  port: number;
  url: string;
}
