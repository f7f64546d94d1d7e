import type { SseEvent, TokenUsage } from '../../core/index.js';
import { anthropicHeaders, anthropicPath, anthropicUsageToChat } from '../../providers/anthropic/index.js';
import { toTokenUsage } from '../usage/sniff.js';
import { nativePassthrough, type StreamSniffer } from './native-passthrough.js';

type AnthropicUsage = Parameters<typeof anthropicUsageToChat>[0];

function usageOf(u: unknown): TokenUsage | null {
  return u && typeof u === 'object' ? toTokenUsage(anthropicUsageToChat(u as AnthropicUsage)) : null;
}

/** message_start carries input counts, message_delta the cumulative output (and sometimes input) counts. */
function messagesSniffer(): StreamSniffer {
  const seen: AnthropicUsage = {};
  let any = false;
  let sawError = false;
  return {
    push(ev: SseEvent) {
      if (ev.event === 'error') sawError = true;
      if (ev.event !== 'message_start' && ev.event !== 'message_delta') return;
      try {
        const o = JSON.parse(ev.data) as { message?: { usage?: AnthropicUsage }; usage?: AnthropicUsage };
        for (const [k, v] of Object.entries((ev.event === 'message_start' ? o.message?.usage : o.usage) ?? {})) {
          if (typeof v === 'number') {
            (seen as Record<string, number>)[k] = v;
            any = true;
          }
        }
      } catch {}
    },
    get usage() {
      return any ? usageOf(seen) : null;
    },
    get sawError() {
      return sawError;
    },
  };
}

/** `/v1/messages` to an Anthropic-type provider: Claude Code's betas ride along. */
export const nativeMessages = nativePassthrough({
  endpoint(p, stream, ctx) {
    const headers = anthropicHeaders(p.conn, stream);
    const beta = ctx.req.headers['anthropic-beta'];
    if (typeof beta === 'string' && beta) headers['anthropic-beta'] = beta;
    // `?beta=true` (Claude Code) asks for the beta surface; keep asking for it upstream.
    const url = ctx.req.url ?? '';
    const q = url.indexOf('?');
    return { path: anthropicPath(p.conn.baseUrl, 'messages') + (q === -1 ? '' : url.slice(q)), headers };
  },
  usageFromJson: (body) => usageOf((body as { usage?: unknown } | null)?.usage),
  sniffer: messagesSniffer,
  answerRequestedModel: true,
});
