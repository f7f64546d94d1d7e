import type { ChatFinishReason, ChatUsage } from '../../core/index.js';

export function mapStopReason(reason: unknown): ChatFinishReason {
  switch (reason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    case null:
    case undefined:
      return null;
    default:
      // end_turn, stop_sequence, pause_turn
      return 'stop';
  }
}

export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

/**
 * Anthropic's input_tokens leave out cache reads and writes; chat's prompt_tokens hold all input, with the
 * reads in `cached_tokens` and the writes in `cache_write_tokens` (OpenRouter's name), each priced on its own.
 */
export function toChatUsage(u: AnthropicUsage): ChatUsage {
  const cached = u.cache_read_input_tokens ?? 0;
  const written = u.cache_creation_input_tokens ?? 0;
  const prompt = (u.input_tokens ?? 0) + cached + written;
  const completion = u.output_tokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cached, cache_write_tokens: written },
  };
}
