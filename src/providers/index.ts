export type * from './types.js';
export { getPreset, isCatalogued, listPresets, presetPrice, type Preset } from './catalog/index.js';
export { adapterFor } from './registry.js';
export { discoverModels, type Discovery, type DiscoverTarget } from './discovery/index.js';
export { effortForBudget, parseEffort, EFFORT_BUDGET, type ReasoningEffort } from './reasoning-effort.js';
