/**
 * Chat's `reasoning_effort` (the canonical form of Responses `reasoning.effort`,
 * chat `reasoning_effort`, Anthropic `thinking.budget_tokens` and
 * `output_config.effort`) and the token budgets the adapters turn it into for
 * upstreams that take a budget (Anthropic thinking, Gemini 2.5 thinkingBudget).
 */
export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

const EFFORTS: readonly string[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'];

/** A client's effort word, or undefined when it is not one we know (then nothing is sent for it). */
export function parseEffort(v: unknown): ReasoningEffort | undefined {
  if (typeof v !== 'string') return undefined;
  const e = v.toLowerCase();
  if (e === 'max') return 'xhigh';
  return EFFORTS.includes(e) ? (e as ReasoningEffort) : undefined;
}

/**
 * Thinking budget in tokens for an effort. Anthropic's minimum is 1024; xhigh
 * stays under 32k so budget + answer fits every current Claude model's output.
 */
export const EFFORT_BUDGET: Record<Exclude<ReasoningEffort, 'none'>, number> = {
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 16384,
  xhigh: 24576,
};

/** A budget a client gave (Anthropic `budget_tokens`) → the nearest effort word. */
export function effortForBudget(tokens: number): ReasoningEffort {
  if (tokens <= 0) return 'none';
  if (tokens <= 1024) return 'minimal';
  if (tokens <= 4096) return 'low';
  if (tokens <= 12288) return 'medium';
  if (tokens <= 20480) return 'high';
  return 'xhigh';
}
