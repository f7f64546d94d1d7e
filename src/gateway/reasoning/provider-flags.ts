/**
 * Which reasoning fields a chat upstream takes, by preset. A custom
 * OpenAI-compatible server (no preset) gets them: vLLM, SGLang, Ollama and
 * LM Studio take or ignore `reasoning_content` and `reasoning_effort`.
 */
import { getPreset } from '../../providers/index.js';

export function takesReasoningContent(preset: string | null): boolean {
  if (!preset) return true;
  return getPreset(preset)?.reasoning?.content ?? false;
}

export function takesReasoningEffort(preset: string | null): boolean {
  if (!preset) return true;
  return getPreset(preset)?.reasoning?.effort ?? false;
}
