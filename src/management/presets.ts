/** The management plane's view of the preset catalog. */
import { getPreset, listPresets, type Preset } from '../providers/catalog/index.js';

export type PresetInfo = Preset;

export function findPreset(name: string): PresetInfo | undefined {
  return getPreset(name);
}

export function presetNames(): string[] {
  return listPresets().map((p) => p.name);
}
