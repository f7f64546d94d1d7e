import { priced, type Preset } from './types.js';

export const gemini: Preset = {
  name: 'gemini',
  label: 'Google Gemini',
  type: 'gemini',
  baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
  models: [
    priced('gemini-2.5-pro', 1.25, 10, 0.31),
    priced('gemini-2.5-flash', 0.3, 2.5, 0.075),
    priced('gemini-2.5-flash-lite', 0.1, 0.4, 0.025),
  ],
  supportsResponses: false,
  needsApiKey: true,
};
