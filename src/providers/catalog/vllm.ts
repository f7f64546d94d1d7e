import type { Preset } from './types.js';

/** vLLM serves the model it was started with; list it with `--model`. */
export const vllm: Preset = {
  name: 'vllm',
  label: 'vLLM (self-hosted)',
  type: 'openai-compatible',
  baseUrl: 'http://127.0.0.1:8000/v1',
  models: [],
  supportsResponses: false,
  reasoning: { content: true, effort: true },
  needsApiKey: false,
};
