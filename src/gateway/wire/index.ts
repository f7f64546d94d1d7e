/** Client-facing APIs on /v1, by path: one line per wire format. */
import { openAiChatWire } from './openai-chat/index.js';
import type { WireFormat } from './types.js';

export type * from './types.js';
export { openAiChatWire } from './openai-chat/index.js';

const BY_PATH = new Map<string, WireFormat>([
  ['/v1/chat/completions', openAiChatWire],
]);

/** The wire format serving a POST path (query string already removed). */
export function wireForPath(path: string): WireFormat | undefined {
  return BY_PATH.get(path);
}

/** Errors on paths no wire format owns (and GET /v1/models) use OpenAI's format. */
export const defaultWire: WireFormat = openAiChatWire;
