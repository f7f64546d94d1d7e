/** The built-in preset catalog (SPEC §1): one small data file per vendor. */
import type { ModelPrice } from '../../core/index.js';
import { anthropic } from './anthropic.js';
import { deepseek } from './deepseek.js';
import { fireworks } from './fireworks.js';
import { gemini } from './gemini.js';
import { glm } from './glm.js';
import { groq } from './groq.js';
import { lmstudio } from './lmstudio.js';
import { mistral } from './mistral.js';
import { moonshot } from './moonshot.js';
import { ollama } from './ollama.js';
import { openai } from './openai.js';
import { openrouter } from './openrouter.js';
import { together } from './together.js';
import { vllm } from './vllm.js';
import { xai } from './xai.js';
import type { Preset } from './types.js';

export type { Preset } from './types.js';

const PRESETS: readonly Preset[] = [
  openai, anthropic, gemini, openrouter, groq, deepseek, mistral, together, fireworks, xai, glm, moonshot,
  ollama, lmstudio, vllm,
];

const BY_NAME = new Map(PRESETS.map((p) => [p.name, p]));

export function getPreset(name: string): Preset | undefined {
  return BY_NAME.get(name.toLowerCase());
}

export function listPresets(): readonly Preset[] {
  return PRESETS;
}

/** Catalog price of a model offered by a preset; undefined when the catalog does not know it. */
export function presetPrice(preset: string | null, model: string): ModelPrice | undefined {
  if (!preset) return undefined;
  return getPreset(preset)?.models.find((m) => m.id === model)?.price;
}

/**
 * Is `model` in the catalogue: the provider's own list or its preset's? Metrics
 * label only such names; a model a client typed that neither lists is still
 * routed (the upstream may know it) but must not become a label value.
 */
export function isCatalogued(provider: { preset: string | null; models: readonly { id: string }[] }, model: string): boolean {
  if (provider.models.some((m) => m.id === model)) return true;
  return provider.preset !== null && getPreset(provider.preset)?.models.some((m) => m.id === model) === true;
}
