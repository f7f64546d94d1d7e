/**
 * The request side of reasoning for one target: `reasoning_effort` stays for
 * Anthropic and Gemini (their adapters turn it into a thinking budget or level)
 * and for chat upstreams whose preset says they take it; any other chat
 * upstream is not sent it, since some refuse unknown fields.
 */
import type { ChatRequest } from '../../core/index.js';
import type { Target } from '../routing/index.js';
import { takesReasoningEffort } from './provider-flags.js';

export function fitReasoningEffort(chat: ChatRequest, target: Target): ChatRequest {
  if (chat.reasoning_effort === undefined) return chat;
  if (target.provider.type !== 'openai-compatible' || takesReasoningEffort(target.provider.preset)) return chat;
  const out = { ...chat };
  delete out.reasoning_effort;
  return out;
}
