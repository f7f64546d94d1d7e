/** The management plane's view of the preset catalog, and GET /api/presets for the dashboard's add form. */
import type { Hono } from 'hono';
import { getPreset, listPresets, type Preset } from '../providers/catalog/index.js';
import type { ApiEnv } from './types.js';

export type PresetInfo = Preset;

export function findPreset(name: string): PresetInfo | undefined {
  return getPreset(name);
}

export function presetNames(): string[] {
  return listPresets().map((p) => p.name);
}

export function registerPresets(app: Hono<ApiEnv>): void {
  app.get('/api/presets', (c) =>
    c.json({
      presets: listPresets().map((p) => ({ name: p.name, label: p.label, type: p.type, baseUrl: p.baseUrl, needsApiKey: p.needsApiKey, models: p.models.map((m) => m.id) })),
    }),
  );
}
