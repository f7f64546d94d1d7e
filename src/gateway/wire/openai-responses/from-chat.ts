/** Canonical chat completion → a Responses `response` object (non-stream). */
import type { ChatResponse } from '../../../core/index.js';
import type { WireContext } from '../types.js';
import { finalStatus, idsFor, responseObject, toResponsesUsage, type OutputItem, type ReasoningItem } from './response-object.js';

export function chatToResponses(resp: ChatResponse, ctx: WireContext): Record<string, unknown> {
  const ids = idsFor(ctx);
  const choice = resp.choices[0];
  const message = choice?.message;
  const output: OutputItem[] = [];
  const text = contentText(message?.content);
  const { status, incomplete } = finalStatus(choice?.finish_reason ?? 'stop');
  const itemStatus = status === 'incomplete' ? 'incomplete' : 'completed';
  const reasoningText = typeof message?.reasoning_content === 'string' ? message.reasoning_content : '';
  const details = message?.reasoning_details ?? [];
  if (reasoningText.length > 0 || details.length > 0) {
    const item: ReasoningItem = { type: 'reasoning', id: ids.item('rs', 0), summary: reasoningText ? [{ type: 'summary_text', text: reasoningText }] : [] };
    const sealed = ctx.seal?.({ text: reasoningText || undefined, details: details.length > 0 ? details : undefined });
    if (sealed) item.encrypted_content = sealed;
    if (item.summary.length > 0 || sealed) output.push(item);
  }
  if (text.length > 0) {
    output.push({
      type: 'message',
      id: ids.item('msg', 0),
      status: itemStatus,
      role: 'assistant',
      content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
    });
  }
  for (const [i, call] of (message?.tool_calls ?? []).entries()) {
    output.push({
      type: 'function_call',
      id: ids.item('fc', i),
      call_id: call.id,
      name: call.function.name,
      arguments: call.function.arguments,
      status: itemStatus,
    });
  }
  return responseObject(ctx, status, output, toResponsesUsage(resp.usage), incomplete ? { incomplete } : {});
}

function contentText(content: ChatResponse['choices'][number]['message']['content'] | undefined): string {
  if (typeof content === 'string') return content;
  if (!content) return '';
  return content.map((p) => (p.type === 'text' && typeof p.text === 'string' ? p.text : '')).join('');
}
