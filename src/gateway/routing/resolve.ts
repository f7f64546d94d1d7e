import { parseModelAddress, SwitchyardError } from '../../core/index.js';
import { makeTarget } from './build-snapshot.js';
import type { Route, RouteSnapshot, Target } from './types.js';

const CATALOG_HINT = "list the available models with GET /v1/models or 'switchyard models list'";

/** Targets for `provider/model` addresses, cached so the hot path allocates none. */
const targetCache = new WeakMap<RouteSnapshot, Map<string, Target>>();
const MAX_CACHED_TARGETS = 2000;

function providerTarget(snap: RouteSnapshot, address: string, providerName: string, model: string): Target | undefined {
  let cache = targetCache.get(snap);
  if (!cache) targetCache.set(snap, (cache = new Map()));
  const hit = cache.get(address);
  if (hit) return hit;
  const provider = snap.providers.get(providerName);
  if (!provider) return undefined;
  const t = makeTarget(provider, model);
  if (cache.size < MAX_CACHED_TARGETS) cache.set(address, t);
  return t;
}

/**
 * `provider/model` or a combo name → the targets to try, in the combo's stored
 * order (strategies reorder). A model an enabled provider does not list is
 * still routed: the upstream knows its catalog better than we do.
 */
export function resolveRoute(snap: RouteSnapshot, requested: string): Route {
  const combo = snap.combos.get(requested);
  if (combo) {
    if (combo.targets.length === 0) {
      throw new SwitchyardError('NO_TARGET_AVAILABLE', `combo '${requested}' has no target on an enabled provider`, { expose: true });
    }
    return { combo: combo.combo, targets: combo.targets };
  }
  const addr = parseModelAddress(requested);
  if (addr.kind === 'provider-model') {
    const t = providerTarget(snap, requested, addr.provider, addr.model);
    if (t) return { combo: null, targets: [t] };
    const unreadable = snap.unreadable.get(addr.provider);
    if (unreadable) throw unreadable;
    if (snap.disabled.has(addr.provider)) {
      throw new SwitchyardError('MODEL_NOT_FOUND', `model '${requested}': provider '${addr.provider}' is disabled; ${CATALOG_HINT}`);
    }
    throw new SwitchyardError('MODEL_NOT_FOUND', `model '${requested}' not found: no provider named '${addr.provider}'; ${CATALOG_HINT}`);
  }
  throw new SwitchyardError(
    'MODEL_NOT_FOUND',
    `model '${requested}' not found: use 'provider/model' or a combo name; ${CATALOG_HINT}`,
  );
}
