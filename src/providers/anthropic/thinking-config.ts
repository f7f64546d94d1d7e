/**
 * Chat `reasoning_effort` → Anthropic `thinking`. Anthropic wants a budget of at
 * least 1024 tokens below `max_tokens`, and refuses thinking when tool_choice
 * forces a tool; `none` is an explicit `disabled` (newer models think unless told).
 * In a tool loop whose assistant turn has no thinking to send back (sealing off,
 * or history from another provider) Anthropic refuses thinking with a 400, so
 * that request goes without it (docs/decisions.md).
 */
import type { ChatRequest } from '../../core/index.js';
import { EFFORT_BUDGET, parseEffort } from '../reasoning-effort.js';
import { DEFAULT_MAX_TOKENS } from './defaults.js';

const MIN_BUDGET = 1024;

export type AnthropicThinking = { type: 'enabled'; budget_tokens: number } | { type: 'disabled' };

type Turn = { role: string; content: { type: string }[] };

export function thinkingConfig(
  req: ChatRequest,
  maxTokens: number,
  toolChoice: { type?: string } | undefined,
  turns: Turn[],
): { thinking: AnthropicThinking; maxTokens: number } | null {
  const effort = parseEffort(req.reasoning_effort);
  if (!effort) return null;
  if (effort === 'none') return { thinking: { type: 'disabled' }, maxTokens };
  if (toolChoice?.type === 'any' || toolChoice?.type === 'tool') return null;
  if (loopWithoutThinking(turns)) return null;
  let budget = EFFORT_BUDGET[effort];
  const explicitMax = req.max_tokens ?? req.max_completion_tokens;
  if (budget < maxTokens) return { thinking: { type: 'enabled', budget_tokens: budget }, maxTokens };
  // The client set a small max_tokens: think within it; too small to think at all → leave thinking off.
  if (explicitMax != null) {
    budget = maxTokens - 1;
    return budget >= MIN_BUDGET ? { thinking: { type: 'enabled', budget_tokens: budget }, maxTokens } : null;
  }
  return { thinking: { type: 'enabled', budget_tokens: budget }, maxTokens: budget + DEFAULT_MAX_TOKENS };
}

/** The last user turn answers tool_use, and the assistant turn it answers does not open with thinking. */
function loopWithoutThinking(turns: Turn[]): boolean {
  const last = turns.at(-1);
  const turn = turns.at(-2);
  if (last?.role !== 'user' || turn?.role !== 'assistant' || !last.content.some((b) => b.type === 'tool_result')) return false;
  const first = turn.content[0]?.type;
  return first !== 'thinking' && first !== 'redacted_thinking';
}
