export { geminiAdapter } from './adapter.js';
export { parseGeminiError } from './parse-error.js';
