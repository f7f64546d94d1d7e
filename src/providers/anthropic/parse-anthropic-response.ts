/** Anthropic `message` → canonical chat completion. */
import { SwitchyardError, type ChatResponse, type ChatToolCall, type ReasoningDetail } from '../../core/index.js';
import { mapStopReason, toChatUsage, type AnthropicUsage } from './map-stop-reason.js';

interface AnthropicBlock {
  type: string;
  text?: string;
  thinking?: string;
  signature?: string;
  data?: string;
  id?: string;
  name?: string;
  input?: unknown;
}

export function parseAnthropicResponse(body: unknown, model: string): ChatResponse {
  const o = body as { id?: unknown; content?: unknown; stop_reason?: unknown; usage?: AnthropicUsage; model?: unknown } | null;
  if (!o || typeof o !== 'object' || !Array.isArray(o.content)) {
    throw new SwitchyardError('UPSTREAM_ERROR', 'upstream answered without content', { expose: true });
  }
  let text = '';
  let reasoning = '';
  const calls: ChatToolCall[] = [];
  const details: ReasoningDetail[] = [];
  for (const b of o.content as AnthropicBlock[]) {
    if (b.type === 'text' && typeof b.text === 'string') text += b.text;
    else if (b.type === 'thinking' && typeof b.thinking === 'string') {
      reasoning += b.thinking;
      // Kept whole with its signature: Anthropic wants it back unchanged in a tool loop.
      if (typeof b.signature === 'string' && b.signature) details.push({ type: 'thinking', thinking: b.thinking, signature: b.signature });
    } else if (b.type === 'redacted_thinking' && typeof b.data === 'string') details.push({ type: 'redacted_thinking', data: b.data });
    else if (b.type === 'tool_use') {
      calls.push({
        id: String(b.id),
        type: 'function',
        function: { name: String(b.name), arguments: JSON.stringify(b.input ?? {}) },
      });
    }
  }
  const message: ChatResponse['choices'][number]['message'] = { role: 'assistant', content: text.length > 0 || calls.length === 0 ? text : null };
  if (calls.length > 0) message.tool_calls = calls;
  if (reasoning) message.reasoning_content = reasoning;
  if (details.length > 0) message.reasoning_details = details;
  return {
    id: typeof o.id === 'string' ? o.id : 'msg_unknown',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: typeof o.model === 'string' ? o.model : model,
    choices: [{ index: 0, message, finish_reason: mapStopReason(o.stop_reason) ?? 'stop' }],
    usage: toChatUsage(o.usage ?? {}),
  };
}
