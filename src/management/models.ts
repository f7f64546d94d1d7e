import type { Hono } from 'hono';
import { z } from 'zod';
import { formatModelAddress, type ModelPrice } from '../core/index.js';
import type { ApiEnv, ManagementDeps } from './types.js';
import { readQuery } from './validate.js';

export type CatalogEntry =
  | { id: string; kind: 'model'; provider: string; model: string; enabled: boolean; price: ModelPrice | null }
  | { id: string; kind: 'combo'; strategy: string; targets: { model: string; weight?: number }[] };

const querySchema = z.object({ provider: z.string().min(1).optional() });

/** The catalog a caller can address: every provider's models as `provider/model`, then every combo. */
export function registerModels(app: Hono<ApiEnv>, deps: ManagementDeps): void {
  app.get('/api/models', async (c) => {
    const q = readQuery(c, querySchema);
    const providers = (await deps.repos.providers.list()).filter((p) => !q.provider || p.name === q.provider || p.id === q.provider);
    const models: CatalogEntry[] = providers.flatMap((p) =>
      p.models.map((m) => ({
        id: formatModelAddress(p.name, m.id),
        kind: 'model' as const,
        provider: p.name,
        model: m.id,
        enabled: p.enabled,
        price: m.price ?? null,
      })),
    );
    if (!q.provider) {
      for (const combo of await deps.repos.combos.list()) {
        models.push({ id: combo.name, kind: 'combo', strategy: combo.strategy, targets: combo.targets });
      }
    }
    return c.json({ models });
  });
}
