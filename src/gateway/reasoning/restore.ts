/**
 * Puts reasoning a client sent back (sealed) where the target upstream wants
 * it, just before the adapter builds the upstream request. What the target
 * cannot verify is dropped: signatures are bound to the connection that issued
 * them; plain reasoning text goes to chat upstreams that take
 * `reasoning_content`, from whichever upstream it came (see docs/reasoning.md).
 */
import type { ChatMessage, ChatRequest, ReasoningDetail } from '../../core/index.js';
import type { Target } from '../routing/index.js';
import { takesReasoningContent } from './provider-flags.js';
import { isOurSeal, type ReasoningSealer, type SealedReasoning } from './seal.js';

export function restoreReasoning(chat: ChatRequest, target: Target, sealer: ReasoningSealer, requestId?: string): ChatRequest {
  const textOk = target.provider.type === 'openai-compatible' && takesReasoningContent(target.provider.preset);
  let changed = false;
  const messages = chat.messages.map((m) => {
    if (m.role !== 'assistant') return m;
    const seals = [...(m.reasoning_seals ?? []), ...chatSeals(m)];
    const hasSeals = seals.length > 0;
    const hasText = m.reasoning_content !== undefined;
    if (!hasSeals && !hasText && m.reasoning_details === undefined) return m;
    changed = true;
    const out: ChatMessage = { ...m };
    delete out.reasoning_seals;
    delete out.reasoning_details;
    if (!textOk) delete out.reasoning_content;
    if (!hasSeals) return out;
    const opened = seals.map((s) => sealer.open(s, requestId)).filter((s): s is SealedReasoning => s !== null);
    const texts = opened.map((s) => s.text ?? '').filter((t) => t.length > 0);
    if (textOk && texts.length > 0) out.reasoning_content = texts.join('');
    const details: ReasoningDetail[] = [];
    for (const s of opened) if (s.provider === target.provider.name) details.push(...(s.details ?? []));
    if (details.length > 0 && target.provider.type !== 'openai-compatible') out.reasoning_details = details;
    return out;
  });
  return changed ? { ...chat, messages } : chat;
}

/** Seals a chat client sent back in `reasoning_details` (see wire/openai-chat/seal-details.ts). */
function chatSeals(m: ChatMessage): string[] {
  if (!Array.isArray(m.reasoning_details)) return [];
  const out: string[] = [];
  for (const d of m.reasoning_details as unknown[]) {
    const o = d as { type?: unknown; data?: unknown } | null;
    if (o?.type === 'reasoning.encrypted' && typeof o.data === 'string' && isOurSeal(o.data)) out.push(o.data);
  }
  return out;
}
