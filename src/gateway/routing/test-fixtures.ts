import type { Combo, ComboStrategy, Provider } from '../../core/index.js';
import { buildSnapshot } from './build-snapshot.js';
import type { RouteSnapshot } from './types.js';

/** Test data only: providers and combos as the repositories would return them. */
export function provider(name: string, opts: Partial<Provider> = {}): Provider {
  return {
    id: `prv_${name}`,
    name,
    type: 'openai-compatible',
    baseUrl: `http://127.0.0.1:9/${name}/v1`,
    preset: null,
    models: [{ id: 'm1', price: { input: 1, output: 2 } }],
    enabled: true,
    hasCredential: false,
    supportsResponses: false,
    createdAt: 0,
    updatedAt: 0,
    ...opts,
  };
}

export function combo(name: string, strategy: ComboStrategy, targets: (string | [string, number])[]): Combo {
  return {
    id: `cmb_${name}`,
    name,
    strategy,
    targets: targets.map((t) => (typeof t === 'string' ? { model: t } : { model: t[0], weight: t[1] })),
    createdAt: 0,
    updatedAt: 0,
  };
}

export function snapshot(providers: Provider[], combos: Combo[] = []): RouteSnapshot {
  return buildSnapshot(providers.map((p) => ({ provider: p, credential: null })), combos, 0);
}
