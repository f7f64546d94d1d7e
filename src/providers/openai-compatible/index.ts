export { openaiCompatibleAdapter } from './adapter.js';
export { basePath, jsonHeaders } from './connection-paths.js';
export { parseOpenAiError } from './parse-error.js';
