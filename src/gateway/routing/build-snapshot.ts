import type { Combo, Provider } from '../../core/index.js';
import { formatModelAddress, parseModelAddress } from '../../core/index.js';
import { adapterFor, isCatalogued, presetPrice } from '../../providers/index.js';
import type { RouteProvider, RouteSnapshot, Target } from './types.js';

export function toRouteProvider(p: Provider, credential: string | null): RouteProvider {
  return {
    id: p.id,
    name: p.name,
    type: p.type,
    preset: p.preset,
    supportsResponses: p.supportsResponses,
    conn: { baseUrl: p.baseUrl, credential },
    origin: new URL(p.baseUrl).origin,
    adapter: adapterFor(p.type),
    models: p.models,
  };
}

/** A target for `model` on a provider; the price comes from the provider's list, else the catalog. */
export function makeTarget(provider: RouteProvider, model: string, weight = 1): Target {
  const listed = provider.models.find((m) => m.id === model);
  return {
    provider,
    model,
    address: formatModelAddress(provider.name, model),
    price: listed?.price ?? presetPrice(provider.preset, model),
    weight,
    catalogued: listed !== undefined || isCatalogued(provider, model),
  };
}

/** Combo targets whose provider is unknown or disabled are left out (they cannot be tried). */
function comboTargets(combo: Combo, providers: Map<string, RouteProvider>): Target[] {
  const out: Target[] = [];
  for (const t of combo.targets) {
    const addr = parseModelAddress(t.model);
    if (addr.kind !== 'provider-model') continue;
    const p = providers.get(addr.provider);
    if (p) out.push(makeTarget(p, addr.model, t.weight ?? 1));
  }
  return out;
}

export function buildSnapshot(
  providers: { provider: Provider; credential: string | null }[],
  combos: Combo[],
  now: number,
): RouteSnapshot {
  const enabled = new Map<string, RouteProvider>();
  const disabled = new Set<string>();
  for (const { provider, credential } of providers) {
    if (provider.enabled) enabled.set(provider.name, toRouteProvider(provider, credential));
    else disabled.add(provider.name);
  }
  const comboMap: RouteSnapshot['combos'] = new Map();
  for (const c of combos) comboMap.set(c.name, { combo: c, targets: comboTargets(c, enabled) });
  return { providers: enabled, disabled, combos: comboMap, loadedAt: now };
}
