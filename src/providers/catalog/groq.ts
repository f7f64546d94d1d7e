import { priced, type Preset } from './types.js';

export const groq: Preset = {
  name: 'groq',
  label: 'Groq',
  type: 'openai-compatible',
  baseUrl: 'https://api.groq.com/openai/v1',
  models: [
    priced('llama-3.3-70b-versatile', 0.59, 0.79),
    priced('llama-3.1-8b-instant', 0.05, 0.08),
    priced('openai/gpt-oss-120b', 0.15, 0.75),
  ],
  supportsResponses: false,
  reasoning: { content: false, effort: true },
  needsApiKey: true,
};
