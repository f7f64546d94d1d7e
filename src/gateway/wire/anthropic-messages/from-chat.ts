/** Canonical chat completion → an Anthropic `message` (non-stream). */
import type { ChatResponse } from '../../../core/index.js';
import type { WireContext } from '../types.js';
import { messageId, parseToolInput, toAnthropicUsage, toStopReason } from './message-object.js';

type Block =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

export function chatToMessage(resp: ChatResponse, ctx: WireContext): Record<string, unknown> {
  const choice = resp.choices[0];
  const msg = choice?.message;
  const content: Block[] = [];
  const reasoning = typeof msg?.reasoning_content === 'string' ? msg.reasoning_content : '';
  const details = msg?.reasoning_details ?? [];
  if (reasoning.length > 0 || details.length > 0) {
    // The signature is our seal of what the upstream needs back; Claude Code returns it untouched.
    const signature = ctx.seal?.({ text: reasoning || undefined, details: details.length > 0 ? details : undefined }) ?? '';
    content.push({ type: 'thinking', thinking: reasoning, signature });
  }
  const text = typeof msg?.content === 'string'
    ? msg.content
    : (msg?.content ?? []).map((p) => (p.type === 'text' && typeof p.text === 'string' ? p.text : '')).join('');
  if (text.length > 0) content.push({ type: 'text', text });
  const calls = msg?.tool_calls ?? [];
  for (const c of calls) {
    content.push({ type: 'tool_use', id: c.id, name: c.function.name, input: parseToolInput(c.function.arguments) });
  }
  return {
    id: messageId(ctx),
    type: 'message',
    role: 'assistant',
    model: ctx.requestedModel,
    content,
    stop_reason: toStopReason(choice?.finish_reason ?? 'stop', calls.length > 0),
    stop_sequence: null,
    usage: toAnthropicUsage(resp.usage),
  };
}
