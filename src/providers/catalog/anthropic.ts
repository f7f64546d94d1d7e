import { priced, type Preset } from './types.js';

export const anthropic: Preset = {
  name: 'anthropic',
  label: 'Anthropic',
  type: 'anthropic',
  baseUrl: 'https://api.anthropic.com',
  models: [
    priced('claude-sonnet-4-5', 3, 15, 0.3),
    priced('claude-opus-4-1', 15, 75, 1.5),
    priced('claude-haiku-4-5', 1, 5, 0.1),
  ],
  supportsResponses: false,
  needsApiKey: true,
};
