/**
 * Anthropic SSE → canonical chat chunks. Each tool_use block becomes a tool
 * call with its own chat index; input_json_delta fragments pass through as
 * argument fragments, so the client reassembles them exactly as sent.
 */
import { SwitchyardError, type ChatChunk, type ChatChunkDelta, type ChatFinishReason, type SseEvent } from '../../core/index.js';
import type { ChatStreamTranslator } from '../types.js';
import { mapStopReason, toChatUsage, type AnthropicUsage } from './map-stop-reason.js';

interface StreamEvent {
  type?: string;
  index?: number;
  message?: { id?: string; model?: string; usage?: AnthropicUsage };
  content_block?: { type?: string; id?: string; name?: string; text?: string; input?: unknown; data?: string };
  delta?: { type?: string; text?: string; partial_json?: string; thinking?: string; signature?: string; stop_reason?: string | null };
  usage?: AnthropicUsage;
  error?: { type?: string; message?: string };
}

export function anthropicChatStream(model: string): ChatStreamTranslator {
  let id = 'msg_stream';
  let upstreamModel = model;
  const created = Math.floor(Date.now() / 1000);
  const usage: AnthropicUsage = {};
  /** content block index → chat tool-call index */
  const tools = new Map<number, number>();
  /** Blocks whose input came whole in content_block_start. */
  const wholeInput = new Set<number>();
  /** Open thinking blocks by content index: their text and signature, sent whole when the block stops. */
  const thinking = new Map<number, { text: string; signature: string }>();
  let finish: ChatFinishReason = null;

  const chunk = (delta: ChatChunkDelta, finishReason: ChatFinishReason = null): ChatChunk => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model: upstreamModel,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  });

  return {
    push(event: SseEvent): ChatChunk[] {
      if (event.event === 'ping' || event.data === '') return [];
      let e: StreamEvent;
      try {
        e = JSON.parse(event.data) as StreamEvent;
      } catch {
        throw new SwitchyardError('UPSTREAM_ERROR', 'upstream sent a malformed stream event', { expose: true });
      }
      switch (e.type ?? event.event) {
        case 'message_start':
          if (e.message?.id) id = e.message.id;
          if (e.message?.model) upstreamModel = e.message.model;
          Object.assign(usage, e.message?.usage ?? {});
          return [chunk({ role: 'assistant', content: '' })];
        case 'content_block_start': {
          const b = e.content_block;
          if (b?.type === 'tool_use') {
            const index = tools.size;
            tools.set(e.index ?? -1, index);
            // Anthropic sends `input: {}` and the JSON in deltas; some compatible servers send it whole here instead.
            const whole = b.input && typeof b.input === 'object' && Object.keys(b.input).length > 0 ? JSON.stringify(b.input) : '';
            if (whole) wholeInput.add(e.index ?? -1);
            return [chunk({ tool_calls: [{ index, id: String(b.id), type: 'function', function: { name: String(b.name), arguments: whole } }] })];
          }
          if (b?.type === 'thinking') thinking.set(e.index ?? -1, { text: '', signature: '' });
          if (b?.type === 'redacted_thinking' && typeof b.data === 'string') {
            return [chunk({ reasoning_details: [{ type: 'redacted_thinking', data: b.data }] })];
          }
          return b?.type === 'text' && b.text ? [chunk({ content: b.text })] : [];
        }
        case 'content_block_stop': {
          const t = thinking.get(e.index ?? -1);
          thinking.delete(e.index ?? -1);
          // A block without its signature cannot be sent back (Anthropic refuses it): shown, not kept.
          return t?.signature ? [chunk({ reasoning_details: [{ type: 'thinking', thinking: t.text, signature: t.signature }] })] : [];
        }
        case 'content_block_delta': {
          const d = e.delta;
          if (d?.type === 'text_delta' && d.text) return [chunk({ content: d.text })];
          if (d?.type === 'thinking_delta' && d.thinking) {
            const t = thinking.get(e.index ?? -1);
            if (t) t.text += d.thinking;
            return [chunk({ reasoning_content: d.thinking })];
          }
          if (d?.type === 'signature_delta' && d.signature) {
            const t = thinking.get(e.index ?? -1);
            if (t) t.signature += d.signature;
            return [];
          }
          if (d?.type === 'input_json_delta' && d.partial_json) {
            const index = tools.get(e.index ?? -1);
            if (index === undefined || wholeInput.has(e.index ?? -1)) return [];
            return [chunk({ tool_calls: [{ index, function: { arguments: d.partial_json } }] })];
          }
          return [];
        }
        case 'message_delta':
          // message_delta's usage is cumulative: it may restate input and cache counts.
          for (const [k, v] of Object.entries(e.usage ?? {})) if (v != null) (usage as Record<string, unknown>)[k] = v;
          finish = mapStopReason(e.delta?.stop_reason) ?? finish;
          return finish ? [chunk({}, finish)] : [];
        case 'message_stop':
          return [{ ...chunk({}), choices: [], usage: toChatUsage(usage) }];
        case 'error':
          throw new SwitchyardError('UPSTREAM_ERROR', e.error?.message ?? 'upstream stream error', {
            expose: true,
            ...(e.error?.type === 'overloaded_error' ? { status: 503 } : {}),
          });
        default:
          return [];
      }
    },
    end() {
      return [];
    },
  };
}
