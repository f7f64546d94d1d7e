import { priced, type Preset } from './types.js';

export const openrouter: Preset = {
  name: 'openrouter',
  label: 'OpenRouter',
  type: 'openai-compatible',
  baseUrl: 'https://openrouter.ai/api/v1',
  models: [
    priced('openai/gpt-4o-mini', 0.15, 0.6, 0.075),
    priced('anthropic/claude-sonnet-4.5', 3, 15, 0.3, 3.75),
    priced('meta-llama/llama-3.3-70b-instruct', 0.13, 0.4),
  ],
  supportsResponses: false,
  reasoning: { content: false, effort: true },
  needsApiKey: true,
};
