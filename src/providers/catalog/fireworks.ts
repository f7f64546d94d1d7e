import { priced, type Preset } from './types.js';

export const fireworks: Preset = {
  name: 'fireworks',
  label: 'Fireworks AI',
  type: 'openai-compatible',
  baseUrl: 'https://api.fireworks.ai/inference/v1',
  models: [
    priced('accounts/fireworks/models/llama-v3p3-70b-instruct', 0.9, 0.9),
    priced('accounts/fireworks/models/deepseek-v3', 0.9, 0.9),
  ],
  supportsResponses: false,
  reasoning: { content: false, effort: true },
  needsApiKey: true,
};
