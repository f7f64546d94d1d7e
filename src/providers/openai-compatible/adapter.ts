import { SwitchyardError, type ChatRequest, type ChatResponse } from '../../core/index.js';
import type { Connection, ProviderAdapter, UpstreamRequest } from '../types.js';
import { withCachedTokens } from './cached-usage.js';
import { openAiChatStream } from './chat-stream.js';
import { basePath, jsonHeaders } from './connection-paths.js';
import { parseOpenAiError } from './parse-error.js';

/** Chat Completions upstreams: the canonical form is theirs, so mapping is identity. */
export const openaiCompatibleAdapter: ProviderAdapter = {
  type: 'openai-compatible',
  // The canonical request goes out as it is: strings are only serialised.
  opaqueStrings: true,

  chatRequest(conn: Connection, req: ChatRequest): UpstreamRequest {
    const headers = jsonHeaders(conn);
    if (req.stream) headers.accept = 'text/event-stream';
    return { path: `${basePath(conn.baseUrl)}/chat/completions`, headers, body: JSON.stringify(req) };
  },

  parseChatResponse(body: unknown, _model: string): ChatResponse {
    if (!body || typeof body !== 'object' || !Array.isArray((body as { choices?: unknown }).choices)) {
      throw new SwitchyardError('UPSTREAM_ERROR', 'upstream answered without choices', { expose: true });
    }
    withCachedTokens((body as { usage?: unknown }).usage);
    return body as ChatResponse;
  },

  chatStream: () => openAiChatStream(),

  parseError: parseOpenAiError,

  modelsRequest(conn: Connection) {
    const headers = jsonHeaders(conn);
    delete headers['content-type'];
    return { path: `${basePath(conn.baseUrl)}/models`, headers };
  },
};
