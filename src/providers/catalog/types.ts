import type { ModelInfo, ModelPrice, ProviderType } from '../../core/index.js';

/** A built-in provider preset: everything `providers add <preset>` needs except the credential. */
export interface Preset {
  name: string;
  label: string;
  type: ProviderType;
  baseUrl: string;
  /** Default models, with USD prices per 1M tokens where the vendor publishes them. */
  models: ModelInfo[];
  /** The upstream speaks the Responses API itself (pass-through instead of translation). */
  supportsResponses: boolean;
  /** Local servers (ollama, lmstudio, vllm) work without a credential. */
  needsApiKey: boolean;
  /**
   * Chat upstreams only: whether it takes reasoning fields in a request — an earlier
   * assistant turn's `reasoning_content`, and `reasoning_effort`. A field it does not
   * take is not sent (some refuse unknown fields). Absent: neither.
   */
  reasoning?: { content: boolean; effort: boolean };
}

/**
 * Shorthand for a priced model: input, output, and the optional prices of cache reads (`cachedInput`) and
 * cache writes (`cacheWrite`), per 1M tokens. An absent cache price is the input price (core/pricing.ts).
 */
export function priced(id: string, input: number, output: number, cachedInput?: number, cacheWrite?: number): ModelInfo {
  const price: ModelPrice = { input, output };
  if (cachedInput !== undefined) price.cachedInput = cachedInput;
  if (cacheWrite !== undefined) price.cacheWrite = cacheWrite;
  return { id, price };
}
