import type { ModelInfo, ProviderType } from '../../core/index.js';

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

/** Shorthand for a priced model: input, output, optional cached-input price per 1M tokens. */
export function priced(id: string, input: number, output: number, cachedInput?: number): ModelInfo {
  return { id, price: cachedInput === undefined ? { input, output } : { input, output, cachedInput } };
}
