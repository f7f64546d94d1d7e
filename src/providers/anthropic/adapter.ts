import type { ChatRequest } from '../../core/index.js';
import type { Connection, ProviderAdapter, RequestHints, UpstreamRequest } from '../types.js';
import { anthropicChatStream } from './anthropic-stream.js';
import { anthropicHeaders, anthropicPath } from './api.js';
import { toAnthropicRequest } from './convert-to-anthropic-request.js';
import { parseAnthropicResponse } from './parse-anthropic-response.js';
import { parseAnthropicError } from './parse-error.js';

/** Anthropic Messages upstreams (api.anthropic.com and compatible servers). */
export const anthropicAdapter: ProviderAdapter = {
  type: 'anthropic',

  chatRequest(conn: Connection, req: ChatRequest, hints?: RequestHints): UpstreamRequest {
    return {
      path: anthropicPath(conn.baseUrl, 'messages'),
      headers: anthropicHeaders(conn, req.stream === true),
      body: JSON.stringify(toAnthropicRequest(req, { autoCache: hints?.autoCache === true })),
    };
  },

  parseChatResponse: parseAnthropicResponse,
  chatStream: anthropicChatStream,
  parseError: parseAnthropicError,

  modelsRequest(conn: Connection) {
    const headers = anthropicHeaders(conn, false);
    delete headers['content-type'];
    return { path: anthropicPath(conn.baseUrl, 'models'), headers };
  },
};
