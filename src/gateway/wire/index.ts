/** Client-facing APIs on /v1, by path: one line per wire format. */
import { messagesWire } from './anthropic-messages/index.js';
import { openAiChatWire } from './openai-chat/index.js';
import { responsesWire } from './openai-responses/index.js';
import type { WireFormat } from './types.js';

export type * from './types.js';
export { openAiChatWire } from './openai-chat/index.js';
export { responsesWire } from './openai-responses/index.js';
export { countMessageTokens, messagesWire } from './anthropic-messages/index.js';

const BY_PATH = new Map<string, WireFormat>([
  ['/v1/chat/completions', openAiChatWire],
  ['/v1/responses', responsesWire],
  ['/v1/messages', messagesWire],
  // Answered locally (an estimate), in the Messages API's format: see handler.ts.
  ['/v1/messages/count_tokens', messagesWire],
]);

/** The wire format serving a POST path (query string already removed). */
export function wireForPath(path: string): WireFormat | undefined {
  return BY_PATH.get(path);
}

/** Errors on paths no wire format owns (and GET /v1/models) use OpenAI's format. */
export const defaultWire: WireFormat = openAiChatWire;
