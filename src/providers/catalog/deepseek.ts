import { priced, type Preset } from './types.js';

export const deepseek: Preset = {
  name: 'deepseek',
  label: 'DeepSeek',
  type: 'openai-compatible',
  baseUrl: 'https://api.deepseek.com/v1',
  models: [priced('deepseek-chat', 0.28, 0.42, 0.028), priced('deepseek-reasoner', 0.28, 0.42, 0.028)],
  supportsResponses: false,
  reasoning: { content: true, effort: false },
  needsApiKey: true,
};
