import { priced, type Preset } from './types.js';

export const openai: Preset = {
  name: 'openai',
  label: 'OpenAI',
  type: 'openai-compatible',
  baseUrl: 'https://api.openai.com/v1',
  models: [
    priced('gpt-5', 1.25, 10, 0.125),
    priced('gpt-5-mini', 0.25, 2, 0.025),
    priced('gpt-4.1', 2, 8, 0.5),
    priced('gpt-4.1-mini', 0.4, 1.6, 0.1),
    priced('gpt-4o', 2.5, 10, 1.25),
    priced('gpt-4o-mini', 0.15, 0.6, 0.075),
    priced('o4-mini', 1.1, 4.4, 0.275),
  ],
  supportsResponses: true,
  reasoning: { content: false, effort: true },
  needsApiKey: true,
};
