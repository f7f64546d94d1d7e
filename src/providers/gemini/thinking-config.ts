/**
 * Chat `reasoning_effort` → Gemini `generationConfig.thinkingConfig`. Gemini 3
 * takes a level (`low` / `high`), 2.5 a token budget (0 turns it off where the
 * model allows); sending both is refused, so the model name decides. Thoughts
 * are asked for (`includeThoughts`) so the client can show the reasoning.
 */
import { EFFORT_BUDGET, parseEffort } from '../reasoning-effort.js';

export function thinkingConfig(model: string, effortField: unknown): Record<string, unknown> | null {
  const effort = parseEffort(effortField);
  if (!effort) return null;
  if (/gemini-3/.test(model)) {
    // Gemini 3 cannot turn thinking off; `none` is its lowest level.
    return { thinkingLevel: effort === 'none' || effort === 'minimal' || effort === 'low' ? 'low' : 'high', includeThoughts: effort !== 'none' };
  }
  if (effort === 'none') return { thinkingBudget: 0 };
  return { thinkingBudget: EFFORT_BUDGET[effort], includeThoughts: true };
}
