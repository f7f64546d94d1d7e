/** Reading one GenerateContentResponse: parts, finish reason, usage. Shared by the JSON and SSE paths. */
import type { ChatFinishReason, ChatUsage, ReasoningDetail } from '../../core/index.js';

export interface GeminiPart {
  text?: string;
  thought?: boolean;
  functionCall?: { id?: string; name?: string; args?: unknown };
  /** Gemini 3 (and 2.5 with thinking): wanted back on the same part in the next request. */
  thoughtSignature?: string;
}
export interface GeminiUsage {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  totalTokenCount?: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
}
export interface GeminiResponse {
  candidates?: { content?: { parts?: GeminiPart[] }; finishReason?: string }[];
  usageMetadata?: GeminiUsage;
  promptFeedback?: { blockReason?: string };
  modelVersion?: string;
  responseId?: string;
  error?: { code?: number; message?: string; status?: string };
}

export function mapFinishReason(reason: string | undefined, hadToolCalls: boolean): ChatFinishReason {
  if (reason === undefined) return null;
  if (reason === 'MAX_TOKENS') return 'length';
  if (['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY'].includes(reason)) {
    return 'content_filter';
  }
  // Gemini says STOP after function calls too; the client has to run them.
  return hadToolCalls ? 'tool_calls' : 'stop';
}

/** Thoughts are billed as output, so they count in completion_tokens, as OpenAI counts reasoning. */
export function toChatUsage(u: GeminiUsage | undefined): ChatUsage {
  const prompt = u?.promptTokenCount ?? 0;
  const thoughts = u?.thoughtsTokenCount ?? 0;
  const completion = (u?.candidatesTokenCount ?? 0) + thoughts;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: u?.cachedContentTokenCount ?? 0 },
    completion_tokens_details: { reasoning_tokens: thoughts },
  };
}

/**
 * Gemini function calls carry no id (v1beta generateContent), yet chat clients
 * need one to pair the result. Derive it from the response id and the call's
 * position, so the same answer always names its calls the same way.
 */
export function toolCallId(call: GeminiPart['functionCall'], responseId: string, n: number): string {
  if (call?.id) return call.id;
  return `call_${responseId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 32)}_${n}`;
}

/** A part's thought signature as a reasoning detail, bound to its tool call when it came with one. */
export function signatureDetail(p: GeminiPart, callId?: string): ReasoningDetail | null {
  if (typeof p.thoughtSignature !== 'string' || p.thoughtSignature.length === 0) return null;
  return callId ? { type: 'thought_signature', signature: p.thoughtSignature, call_id: callId } : { type: 'thought_signature', signature: p.thoughtSignature };
}
