import type { ChatRequest } from '../../core/index.js';
import type { Connection, ProviderAdapter, UpstreamRequest } from '../types.js';
import { geminiBase, geminiHeaders, geminiModelPath } from './api.js';
import { toGeminiRequest } from './convert-to-gemini-request.js';
import { geminiChatStream } from './gemini-stream.js';
import { parseGeminiResponse } from './parse-gemini-response.js';
import { parseGeminiError } from './parse-error.js';

/** Google Gemini API upstreams (generateContent / streamGenerateContent). */
export const geminiAdapter: ProviderAdapter = {
  type: 'gemini',

  chatRequest(conn: Connection, req: ChatRequest): UpstreamRequest {
    const stream = req.stream === true;
    return {
      path: geminiModelPath(conn.baseUrl, req.model, stream),
      headers: geminiHeaders(conn, stream),
      body: JSON.stringify(toGeminiRequest(req)),
    };
  },

  parseChatResponse: parseGeminiResponse,
  chatStream: geminiChatStream,
  parseError: parseGeminiError,

  modelsRequest(conn: Connection) {
    const headers = geminiHeaders(conn, false);
    delete headers['content-type'];
    return { path: `${geminiBase(conn.baseUrl)}/models`, headers };
  },
};
