import type { Preset } from './types.js';

/** LM Studio serves whatever model is loaded; list it with `--model`. */
export const lmstudio: Preset = {
  name: 'lmstudio',
  label: 'LM Studio (local)',
  type: 'openai-compatible',
  baseUrl: 'http://127.0.0.1:1234/v1',
  models: [],
  supportsResponses: false,
  reasoning: { content: true, effort: true },
  needsApiKey: false,
};
