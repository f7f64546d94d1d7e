import type { TunnelPhase, TunnelStatus } from './types.js';

/** `https://x.ts.net/` → `https://x.ts.net/v1`; `https://a.trycloudflare.com` → `…/v1`. */
export function apiUrlOf(publicUrl: string): string {
  return publicUrl.replace(/\/+$/, '') + '/v1';
}

export function tunnelStatus(phase: TunnelPhase, fields: { publicUrl?: string | null; targetUrl?: string | null; lastError?: string | null } = {}): TunnelStatus {
  const publicUrl = phase === 'running' ? (fields.publicUrl ?? null) : null;
  return {
    phase,
    running: phase === 'running',
    publicUrl,
    apiUrl: publicUrl ? apiUrlOf(publicUrl) : null,
    targetUrl: fields.targetUrl ?? null,
    lastError: fields.lastError ?? null,
  };
}

/** Cuts every occurrence of each secret out of a message before it is shown, logged or audited. */
export function redact(message: string, secrets: ReadonlyArray<string | undefined | null>): string {
  let out = message;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  return out;
}

/** Positive integer from an environment variable, else the default. */
export function envMs(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const n = Number(env[name]);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}
