import { priced, type Preset } from './types.js';

export const xai: Preset = {
  name: 'xai',
  label: 'xAI',
  type: 'openai-compatible',
  baseUrl: 'https://api.x.ai/v1',
  models: [priced('grok-4', 3, 15, 0.75), priced('grok-3-mini', 0.3, 0.5, 0.075), priced('grok-code-fast-1', 0.2, 1.5, 0.02)],
  supportsResponses: false,
  reasoning: { content: false, effort: true },
  needsApiKey: true,
};
