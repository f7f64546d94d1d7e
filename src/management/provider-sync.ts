/**
 * Model discovery for providers: on `POST /api/providers` without models, and
 * `POST /api/providers/:id/sync`. Prices survive a sync (a model's own, else
 * its preset's); a model a combo targets is never dropped, only flagged.
 */
import type { Hono } from 'hono';
import { SwitchyardError, type ModelInfo, type Provider, type ProviderSyncResult, type ProviderType } from '../core/index.js';
import { discoverModels, type Discovery } from '../providers/index.js';
import { findPreset, type PresetInfo } from './presets.js';
import type { ApiEnv, ManagementDeps } from './types.js';

export interface DiscoveryNote {
  /** Where the stored list came from. */
  source: 'upstream' | 'preset' | 'none';
  found: number;
  /** The upstream's refusal, when it refused. */
  message?: string;
}

/** Remote vendor presets keep their curated, priced list at add time (no call with a key nobody has tested yet). */
export function shouldDiscoverOnCreate(preset: PresetInfo | undefined, baseUrlGiven: boolean): boolean {
  return !preset || baseUrlGiven || !preset.needsApiKey;
}

export async function discoverForCreate(
  deps: ManagementDeps,
  target: { type: ProviderType; baseUrl: string; credential: string | null },
  preset: PresetInfo | undefined,
): Promise<{ models: ModelInfo[]; note: DiscoveryNote }> {
  const d = await discover(deps, target);
  if (d.ok) return { models: withPrices(d.models, [], preset), note: { source: 'upstream', found: d.models.length } };
  if (preset?.models.length) return { models: preset.models, note: { source: 'preset', found: preset.models.length, message: d.message } };
  return { models: [], note: { source: 'none', found: 0, message: d.message } };
}

function discover(deps: ManagementDeps, target: { type: ProviderType; baseUrl: string; credential: string | null }): Promise<Discovery> {
  const timeoutMs = Number((deps.env ?? process.env).SWITCHYARD_DISCOVERY_TIMEOUT_MS) || 10_000;
  return discoverModels(target, { timeoutMs });
}

function withPrices(ids: string[], current: ModelInfo[], preset: PresetInfo | undefined): ModelInfo[] {
  return ids.map((id) => {
    const price = current.find((m) => m.id === id)?.price ?? preset?.models.find((m) => m.id === id)?.price;
    return price ? { id, price } : { id };
  });
}


export async function syncProvider(deps: ManagementDeps, current: Provider): Promise<ProviderSyncResult> {
  const credential = await deps.repos.providers.credential(current.id);
  const preset = current.preset ? findPreset(current.preset) : undefined;
  const d = await discover(deps, { type: current.type, baseUrl: current.baseUrl, credential });
  let ids: string[];
  let source: ProviderSyncResult['source'] = 'upstream';
  let message: string | undefined;
  if (d.ok) ids = d.models;
  else if (d.status === 404 && preset?.models.length) {
    // No list endpoint: the preset's list is the best knowledge there is.
    ids = preset.models.map((m) => m.id);
    source = 'preset';
    message = d.message;
  } else {
    throw new SwitchyardError('UPSTREAM_ERROR', `could not list the models of '${current.name}': ${d.message}`, { expose: true });
  }
  const before = new Set(current.models.map((m) => m.id));
  const now = new Set(ids);
  const combos = await deps.repos.combos.list();
  const kept: ProviderSyncResult['kept'] = [];
  for (const id of before) {
    if (now.has(id)) continue;
    const users = combos.filter((c) => c.targets.some((t) => t.model === `${current.name}/${id}`)).map((c) => c.name);
    if (users.length) kept.push({ id, combos: users });
  }
  const finalIds = [...ids, ...kept.map((k) => k.id)];
  const provider = await deps.repos.providers.update(current.id, { models: withPrices(finalIds, current.models, preset) });
  if (!provider) throw new SwitchyardError('NOT_FOUND', `provider '${current.name}' was removed during the sync`);
  deps.events.emit('providers');
  const keptIds = new Set(kept.map((k) => k.id));
  return {
    provider,
    source,
    added: ids.filter((id) => !before.has(id)),
    removed: [...before].filter((id) => !now.has(id) && !keptIds.has(id)),
    kept,
    total: finalIds.length,
    ...(message !== undefined && { message }),
  };
}

export function registerProviderSync(app: Hono<ApiEnv>, deps: ManagementDeps): void {
  app.post('/api/providers/:id/sync', async (c) => {
    const id = c.req.param('id');
    const current = await deps.repos.providers.get(id);
    if (!current) throw new SwitchyardError('NOT_FOUND', `no provider '${id}'`);
    try {
      const result = await syncProvider(deps, current);
      await deps.audit.record(c, 'provider.sync', 'success', {
        id: current.id,
        name: current.name,
        added: result.added.length,
        removed: result.removed.length,
        kept: result.kept.length,
      });
      return c.json(result);
    } catch (err) {
      await deps.audit.record(c, 'provider.sync', 'failure', { id: current.id, name: current.name });
      throw err;
    }
  });
}
