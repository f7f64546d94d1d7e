import type { Combo, Provider, SwitchyardError } from '../../core/index.js';
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

/** Combo targets whose provider is unknown, disabled or unreadable are left out (they cannot be tried). */
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

/** A provider as loaded: its credential, or why it could not be opened (then it is left out of routing). */
export interface LoadedProvider {
  provider: Provider;
  credential: string | null;
  unreadable?: SwitchyardError;
}

export function buildSnapshot(providers: LoadedProvider[], combos: Combo[], now: number): RouteSnapshot {
  const enabled = new Map<string, RouteProvider>();
  const disabled = new Set<string>();
  const unreadable = new Map<string, SwitchyardError>();
  for (const { provider, credential, unreadable: why } of providers) {
    if (!provider.enabled) disabled.add(provider.name);
    else if (why) unreadable.set(provider.name, why);
    else enabled.set(provider.name, toRouteProvider(provider, credential));
  }
  const comboMap: RouteSnapshot['combos'] = new Map();
  for (const c of combos) comboMap.set(c.name, { combo: c, targets: comboTargets(c, enabled) });
  return { providers: enabled, disabled, unreadable, combos: comboMap, loadedAt: now };
}
