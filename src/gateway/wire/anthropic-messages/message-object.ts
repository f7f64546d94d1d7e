/** Pieces of an Anthropic `message` shared by the renderer and the stream encoder. */
import type { ChatFinishReason, ChatUsage } from '../../../core/index.js';
import type { WireContext } from '../types.js';

export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal';

export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
}

export function messageId(ctx: WireContext): string {
  return `msg_${ctx.requestId.replace(/^req_/, '')}`;
}

export function toStopReason(finish: ChatFinishReason, hadToolCalls: boolean): StopReason {
  if (finish === 'length') return 'max_tokens';
  if (finish === 'tool_calls' || finish === 'function_call') return 'tool_use';
  if (finish === 'content_filter') return 'refusal';
  // Some upstreams say `stop` after a tool call; the client must still run the tool.
  return hadToolCalls ? 'tool_use' : 'end_turn';
}

/** Anthropic counts cache reads and writes apart from input_tokens; chat folds both into prompt_tokens. */
export function toAnthropicUsage(u: ChatUsage | null | undefined): AnthropicUsage {
  const cached = u?.prompt_tokens_details?.cached_tokens ?? 0;
  const written = u?.prompt_tokens_details?.cache_write_tokens ?? 0;
  return {
    input_tokens: Math.max(0, (u?.prompt_tokens ?? 0) - cached - written),
    output_tokens: u?.completion_tokens ?? 0,
    cache_read_input_tokens: cached,
    cache_creation_input_tokens: written,
  };
}

/** Tool arguments as an object: what Anthropic's `input` must be, whatever the upstream sent. */
export function parseToolInput(args: string): Record<string, unknown> {
  if (args.trim() === '') return {};
  try {
    const v: unknown = JSON.parse(args);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { _raw: args };
  }
}
