import { priced, type Preset } from './types.js';

/** Local models cost nothing per token. */
export const ollama: Preset = {
  name: 'ollama',
  label: 'Ollama (local)',
  type: 'openai-compatible',
  baseUrl: 'http://127.0.0.1:11434/v1',
  models: [priced('llama3.2', 0, 0), priced('qwen2.5-coder', 0, 0)],
  supportsResponses: false,
  reasoning: { content: true, effort: true },
  needsApiKey: false,
};
