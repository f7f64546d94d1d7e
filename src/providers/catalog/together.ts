import { priced, type Preset } from './types.js';

export const together: Preset = {
  name: 'together',
  label: 'Together AI',
  type: 'openai-compatible',
  baseUrl: 'https://api.together.xyz/v1',
  models: [
    priced('meta-llama/Llama-3.3-70B-Instruct-Turbo', 0.88, 0.88),
    priced('deepseek-ai/DeepSeek-V3', 1.25, 1.25),
    priced('Qwen/Qwen2.5-Coder-32B-Instruct', 0.8, 0.8),
  ],
  supportsResponses: false,
  needsApiKey: true,
};
