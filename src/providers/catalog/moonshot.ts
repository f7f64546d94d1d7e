import { priced, type Preset } from './types.js';

export const moonshot: Preset = {
  name: 'moonshot',
  label: 'Moonshot AI (Kimi)',
  type: 'openai-compatible',
  baseUrl: 'https://api.moonshot.ai/v1',
  models: [
    priced('kimi-k2-0905-preview', 0.6, 2.5, 0.15),
    priced('kimi-k2-turbo-preview', 1.15, 8, 0.15),
    priced('moonshot-v1-8k', 0.2, 2),
  ],
  supportsResponses: false,
  reasoning: { content: true, effort: false },
  needsApiKey: true,
};
