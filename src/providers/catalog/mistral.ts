import { priced, type Preset } from './types.js';

export const mistral: Preset = {
  name: 'mistral',
  label: 'Mistral AI',
  type: 'openai-compatible',
  baseUrl: 'https://api.mistral.ai/v1',
  models: [
    priced('mistral-large-latest', 2, 6),
    priced('mistral-small-latest', 0.1, 0.3),
    priced('codestral-latest', 0.3, 0.9),
  ],
  supportsResponses: false,
  needsApiKey: true,
};
