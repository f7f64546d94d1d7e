import { SwitchyardError, type ChatChunk, type SseEvent } from '../../core/index.js';
import type { ChatStreamTranslator } from '../types.js';
import { withCachedTokens } from './cached-usage.js';
import { ChunkTemplate } from './chunk-template.js';

/**
 * An OpenAI-compatible stream already is canonical: each `data:` is a chunk,
 * `[DONE]` ends it, and a `{"error":…}` frame is a failure mid-stream.
 */
export function openAiChatStream(): ChatStreamTranslator {
  const template = new ChunkTemplate();
  return {
    push(event: SseEvent): ChatChunk[] {
      const data = event.data;
      if (data === '[DONE]' || data === '') return [];
      const known = template.match(data);
      if (known) return [known];
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch {
        throw new SwitchyardError('UPSTREAM_ERROR', 'upstream sent a malformed stream chunk', { expose: true });
      }
      if (!parsed || typeof parsed !== 'object') return [];
      const o = parsed as Record<string, unknown>;
      if (o.error !== undefined && o.choices === undefined) {
        const e = o.error as { message?: unknown } | string;
        const msg = typeof e === 'string' ? e : typeof e?.message === 'string' ? e.message : 'upstream stream error';
        throw new SwitchyardError('UPSTREAM_ERROR', msg, { expose: true });
      }
      if (!Array.isArray(o.choices)) o.choices = [];
      withCachedTokens(o.usage);
      template.learn(data, o);
      return [o as ChatChunk];
    },
    end() {
      return [];
    },
  };
}
