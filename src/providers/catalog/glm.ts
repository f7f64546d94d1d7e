import { priced, type Preset } from './types.js';

/** Zhipu AI (BigModel). */
export const glm: Preset = {
  name: 'glm',
  label: 'Zhipu GLM',
  type: 'openai-compatible',
  baseUrl: 'https://open.bigmodel.cn/api/paas/v4',
  models: [priced('glm-4.6', 0.6, 2.2, 0.11), priced('glm-4.5-air', 0.2, 1.1, 0.03), priced('glm-4.5-flash', 0, 0)],
  supportsResponses: false,
  reasoning: { content: true, effort: false },
  needsApiKey: true,
};
