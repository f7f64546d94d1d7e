import type { Provider } from '../core/index.js';
import type { ManagementDeps } from './index.js';

export interface ProviderTestResult {
  ok: boolean;
  latencyMs: number;
  status?: number;
  error?: string;
  [k: string]: unknown;
}

/** What the gateway may offer (status and live tests); checked at run time while it is being built. */
interface GatewayHealth {
  status?: () => unknown;
  testProvider?: (idOrName: string) => Promise<unknown>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Each provider with the gateway's view of its health (cooldown, last error) when it has one. */
export async function providerStatus(deps: ManagementDeps): Promise<Record<string, unknown>[]> {
  const providers = await deps.repos.providers.list();
  const gw = deps.gateway as unknown as GatewayHealth;
  const live = typeof gw.status === 'function' ? await gw.status() : undefined;
  const entries = isRecord(live) && Array.isArray(live.targets) ? live.targets : Array.isArray(live) ? live : [];
  return providers.map((p) => {
    const mine = entries.filter(isRecord).filter((e) => e.provider === p.name || e.providerId === p.id || e.name === p.name);
    return {
      id: p.id,
      name: p.name,
      enabled: p.enabled,
      hasCredential: p.hasCredential,
      models: p.models.length,
      health: !p.enabled ? 'disabled' : mine.length ? (mine.some((e) => e.healthy === false || e.coolingDown) ? 'degraded' : 'healthy') : 'unknown',
      targets: mine,
    };
  });
}

/** Lists the upstream's models: cheap, needs the credential, proves URL and key both work. */
async function probe(deps: ManagementDeps, p: Provider): Promise<ProviderTestResult> {
  const started = Date.now();
  const credential = await deps.repos.providers.credential(p.id);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (credential && p.type === 'anthropic') {
    headers['x-api-key'] = credential;
    headers['anthropic-version'] = '2023-06-01';
  } else if (credential && p.type === 'gemini') headers['x-goog-api-key'] = credential;
  else if (credential) headers.authorization = `Bearer ${credential}`;
  try {
    const res = await fetch(`${p.baseUrl}/models`, { headers, signal: AbortSignal.timeout(10_000), redirect: 'manual' });
    await res.arrayBuffer();
    const ok = res.status >= 200 && res.status < 300;
    return { ok, status: res.status, latencyMs: Date.now() - started, ...(ok ? {} : { error: `upstream answered ${res.status}` }) };
  } catch (err) {
    const cause = isRecord(err) && isRecord(err.cause) ? err.cause : undefined;
    const reason =
      typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : err instanceof Error ? err.message : String(err);
    return { ok: false, latencyMs: Date.now() - started, error: `cannot reach ${p.baseUrl}: ${reason}` };
  }
}

export async function testProvider(deps: ManagementDeps, p: Provider): Promise<ProviderTestResult> {
  const gw = deps.gateway as unknown as GatewayHealth;
  if (typeof gw.testProvider === 'function') {
    const r = await gw.testProvider(p.id);
    if (isRecord(r) && typeof r.ok === 'boolean') return { latencyMs: 0, ...r, ok: r.ok };
  }
  return probe(deps, p);
}
