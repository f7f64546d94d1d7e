import type { SseEvent, TokenUsage } from '../../core/index.js';
import { basePath, jsonHeaders } from '../../providers/openai-compatible/index.js';
import { nativePassthrough, type StreamSniffer } from './native-passthrough.js';

interface ResponsesUsage {
  input_tokens?: number;
  output_tokens?: number;
  input_tokens_details?: { cached_tokens?: number };
}

function usageOf(u: ResponsesUsage | null | undefined): TokenUsage | null {
  if (!u || typeof u !== 'object') return null;
  return {
    inputTokens: u.input_tokens ?? 0,
    outputTokens: u.output_tokens ?? 0,
    cachedInputTokens: u.input_tokens_details?.cached_tokens ?? 0,
  };
}

const FINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);

function responsesSniffer(): StreamSniffer {
  let usage: TokenUsage | null = null;
  let sawError = false;
  let final: string | null = null;
  return {
    push(ev: SseEvent) {
      const type = ev.event;
      if (type === 'error' || type === 'response.failed') sawError = true;
      if (type !== undefined && !FINAL.has(type)) return;
      try {
        const o = JSON.parse(ev.data) as { type?: string; response?: { usage?: ResponsesUsage } };
        if (type === undefined && !FINAL.has(o.type ?? '')) return;
        usage = usageOf(o.response?.usage) ?? usage;
        // The whole response, as a stored response keeps it (store.ts refuses a failed one).
        if (o.response && typeof o.response === 'object') final = JSON.stringify(o.response);
      } catch {}
    },
    get usage() {
      return usage;
    },
    get sawError() {
      return sawError;
    },
    get final() {
      return final;
    },
  };
}

/** `/v1/responses` to a provider that speaks the Responses API itself (`supportsResponses`). */
export const nativeResponses = nativePassthrough({
  endpoint(p, stream) {
    const headers = jsonHeaders(p.conn);
    if (stream) headers.accept = 'text/event-stream';
    return { path: `${basePath(p.conn.baseUrl)}/responses`, headers };
  },
  usageFromJson: (body) => usageOf((body as { usage?: ResponsesUsage } | null)?.usage),
  sniffer: responsesSniffer,
});
