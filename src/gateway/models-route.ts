import type { InferenceKey } from '../core/index.js';
import { formatModelAddress } from '../core/index.js';
import type { RouteSnapshot } from './routing/index.js';

interface ModelEntry {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

const listCache = new WeakMap<RouteSnapshot, { entries: ModelEntry[]; body: string }>();

function entriesOf(snap: RouteSnapshot): { entries: ModelEntry[]; body: string } {
  let hit = listCache.get(snap);
  if (!hit) {
    const created = Math.floor(snap.loadedAt / 1000);
    const entries: ModelEntry[] = [];
    for (const p of snap.providers.values()) {
      for (const m of p.models) entries.push({ id: formatModelAddress(p.name, m.id), object: 'model', created, owned_by: p.name });
    }
    for (const name of snap.combos.keys()) entries.push({ id: name, object: 'model', created, owned_by: 'switchyard-combo' });
    hit = { entries, body: JSON.stringify({ object: 'list', data: entries }) };
    listCache.set(snap, hit);
  }
  return hit;
}

/**
 * GET /v1/models in OpenAI's list format: every enabled provider's models as
 * `provider/model`, then every combo by name; built once per route snapshot,
 * narrowed to a key's allow-list when it has one.
 */
export function modelsBody(snap: RouteSnapshot, key: InferenceKey, allows: (key: InferenceKey, model: string) => boolean): string {
  const { entries, body } = entriesOf(snap);
  if (!key.allowedModels) return body;
  return JSON.stringify({ object: 'list', data: entries.filter((e) => allows(key, e.id)) });
}
