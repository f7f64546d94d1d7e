/** Adapter registry: one line per provider type. */
import type { ProviderType } from '../core/index.js';
import { anthropicAdapter } from './anthropic/index.js';
import { geminiAdapter } from './gemini/index.js';
import { openaiCompatibleAdapter } from './openai-compatible/index.js';
import type { ProviderAdapter } from './types.js';

const ADAPTERS: Partial<Record<ProviderType, ProviderAdapter>> = {
  'openai-compatible': openaiCompatibleAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
};

/** The adapter for a provider type, or undefined when this build cannot talk to it yet. */
export function adapterFor(type: ProviderType): ProviderAdapter | undefined {
  return ADAPTERS[type];
}
