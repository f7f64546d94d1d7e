import { priced, type Preset } from './types.js';

export const anthropic: Preset = {
  name: 'anthropic',
  label: 'Anthropic',
  type: 'anthropic',
  baseUrl: 'https://api.anthropic.com',
  models: [
    // Cache reads at 0.1 × input, writes (the 5-minute cache) at 1.25 × input: Anthropic's published multipliers.
    priced('claude-sonnet-4-5', 3, 15, 0.3, 3.75),
    priced('claude-opus-4-1', 15, 75, 1.5, 18.75),
    priced('claude-haiku-4-5', 1, 5, 0.1, 1.25),
  ],
  supportsResponses: false,
  needsApiKey: true,
};
