import { isSwitchyardError, SwitchyardError, type ChatRequest, type Provider } from '../core/index.js';
import { adapterFor } from '../providers/index.js';
import type { Repos } from '../storage/index.js';
import { makeTarget, toRouteProvider, type HealthTracker } from './routing/index.js';
import type { Upstreams } from './upstream/index.js';
import { isAbort, transportError } from './upstream/index.js';
import { collect } from './attempt/collect.js';

export interface TargetStatus {
  /** `provider/model` */
  target: string;
  state: 'ok' | 'cooling-down';
  failures: number;
  cooldownUntil: number | null;
  lastStatus: number | null;
  lastError: string | null;
  lastFailureAt: number | null;
  lastSuccessAt: number | null;
}

export interface ProviderStatus {
  id: string;
  name: string;
  type: Provider['type'];
  enabled: boolean;
  /**
   * `unhealthy`: refused its credential recently; `degraded`: some targets cooling down;
   * `credential_unreadable`: this instance cannot decrypt its stored key, so it is not routed to.
   */
  state: 'ok' | 'degraded' | 'unhealthy' | 'disabled' | 'credential_unreadable';
  unhealthyUntil: number | null;
  lastStatus: number | null;
  lastError: string | null;
  targets: TargetStatus[];
}

export interface GatewayStatus {
  generatedAt: number;
  providers: ProviderStatus[];
}

export interface ProviderTestResult {
  ok: boolean;
  /** The provider's HTTP status; null when it could not be reached. */
  status: number | null;
  latencyMs: number;
  message: string;
}

/** Per-process health, as the management plane shows it (`providers status`). */
export async function gatewayStatus(repos: Repos, health: HealthTracker, now = Date.now()): Promise<GatewayStatus> {
  const providers = await repos.providers.list();
  const unreadable = await unreadableCredentials(repos, providers);
  return {
    generatedAt: now,
    providers: providers.map((p) => {
      const broken = unreadable.get(p.id);
      if (broken) {
        return { id: p.id, name: p.name, type: p.type, enabled: p.enabled, state: 'credential_unreadable', unhealthyUntil: null, lastStatus: null, lastError: broken, targets: [] };
      }
      const ph = health.providers.get(p.name);
      const unhealthy = ph !== undefined && ph.unhealthyUntil > now;
      const targets: TargetStatus[] = [];
      for (const [address, h] of health.targets) {
        if (!address.startsWith(`${p.name}/`)) continue;
        const cooling = h.cooldownUntil > now;
        targets.push({
          target: address,
          state: cooling ? 'cooling-down' : 'ok',
          failures: h.failures,
          cooldownUntil: cooling ? h.cooldownUntil : null,
          lastStatus: h.lastStatus,
          lastError: h.lastError,
          lastFailureAt: h.lastFailureAt,
          lastSuccessAt: h.lastSuccessAt,
        });
      }
      const state = !p.enabled ? 'disabled' : unhealthy ? 'unhealthy' : targets.some((t) => t.state === 'cooling-down') ? 'degraded' : 'ok';
      return {
        id: p.id,
        name: p.name,
        type: p.type,
        enabled: p.enabled,
        state,
        unhealthyUntil: unhealthy ? ph.unhealthyUntil : null,
        lastStatus: ph?.status ?? null,
        lastError: ph?.message ?? null,
        targets,
      };
    }),
  };
}

/** Provider id → why its stored credential does not open; asked of the store, so it is current whatever routing loaded. */
async function unreadableCredentials(repos: Repos, providers: Provider[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const p of providers) {
    if (!p.enabled || !p.hasCredential) continue;
    const why = await repos.providers.credential(p.id).then(() => null, (err: unknown) => {
      if (isSwitchyardError(err) && err.code === 'CREDENTIAL_UNREADABLE') return err.message;
      throw err;
    });
    if (why) out.set(p.id, why);
  }
  return out;
}

const TEST_TIMEOUT_MS = 15_000;

/**
 * Calls the provider for real: its model list, or — when it has none (404/405)
 * — a one-token chat with its first model. Updates the connection's health.
 */
export async function testProvider(repos: Repos, upstreams: Upstreams, health: HealthTracker, idOrName: string): Promise<ProviderTestResult> {
  const p = await repos.providers.get(idOrName);
  if (!p) throw new SwitchyardError('NOT_FOUND', `no provider '${idOrName}'`);
  const adapter = adapterFor(p.type);
  const started = Date.now();
  const result = (ok: boolean, status: number | null, message: string): ProviderTestResult => ({ ok, status, latencyMs: Date.now() - started, message });
  if (!adapter) return result(false, null, `provider type '${p.type}' is not supported by this build`);
  let credential: string | null;
  try {
    credential = await repos.providers.credential(p.id);
  } catch (err) {
    if (isSwitchyardError(err) && err.code === 'CREDENTIAL_UNREADABLE') return result(false, null, err.message);
    throw err;
  }
  const rp = toRouteProvider(p, credential);
  const signal = AbortSignal.timeout(TEST_TIMEOUT_MS);
  try {
    const m = adapter.modelsRequest(rp.conn);
    let resp = await upstreams.request(rp.origin, { path: m.path, method: 'GET', headers: m.headers, signal });
    let what = 'model list';
    const firstModel = p.models[0]?.id;
    if ((resp.statusCode === 404 || resp.statusCode === 405) && firstModel) {
      await resp.body.dump();
      const chat: ChatRequest = { model: firstModel, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1, stream: false };
      const up = adapter.chatRequest(rp.conn, chat);
      resp = await upstreams.request(rp.origin, { path: up.path, method: 'POST', headers: up.headers, body: up.body, signal });
      what = `one-token chat with ${firstModel}`;
    }
    const text = (await collect(resp.body)).toString('utf8');
    const status = resp.statusCode;
    if (status >= 200 && status < 300) {
      health.success(makeTarget(rp, firstModel ?? '*'), Date.now());
      return result(true, status, `${what}: OK (HTTP ${status})`);
    }
    const info = adapter.parseError(status, text);
    if (status === 401 || status === 402 || status === 403) health.unhealthy(p.name, status, info.message, Date.now());
    return result(false, status, `${what}: HTTP ${status}: ${info.message}`);
  } catch (err) {
    const e = isAbort(err) || signal.aborted ? new SwitchyardError('UPSTREAM_TIMEOUT', `no answer within ${TEST_TIMEOUT_MS / 1000} s`) : transportError(err, p.name);
    return result(false, null, e.message);
  }
}
