export { anthropicAdapter } from './adapter.js';
export { anthropicHeaders, anthropicPath, ANTHROPIC_VERSION } from './api.js';
export { parseAnthropicError } from './parse-error.js';
export { toChatUsage as anthropicUsageToChat } from './map-stop-reason.js';
