/**
 * Gemini `streamGenerateContent?alt=sse` → canonical chat chunks. Each event is
 * a partial GenerateContentResponse; function calls arrive whole, so each one
 * becomes a complete tool-call delta. usageMetadata is cumulative: the last one
 * seen is the answer's usage, sent when the stream ends.
 */
import { randomBytes } from 'node:crypto';
import { SwitchyardError, type ChatChunk, type ChatChunkDelta, type ChatFinishReason, type ChatUsage, type ReasoningDetail, type SseEvent } from '../../core/index.js';
import type { ChatStreamTranslator } from '../types.js';
import { mapFinishReason, signatureDetail, toChatUsage, toolCallId, type GeminiResponse } from './gemini-candidate.js';

export function geminiChatStream(model: string): ChatStreamTranslator {
  let responseId: string | undefined;
  let upstreamModel = model;
  const created = Math.floor(Date.now() / 1000);
  let started = false;
  let calls = 0;
  let usage: ChatUsage | null = null;
  const textSignatures: ReasoningDetail[] = [];

  const chunk = (delta: ChatChunkDelta, finish: ChatFinishReason = null): ChatChunk => ({
    id: `chatcmpl-${responseId ?? 'gemini'}`,
    object: 'chat.completion.chunk',
    created,
    model: upstreamModel,
    choices: [{ index: 0, delta, finish_reason: finish }],
  });

  return {
    push(event: SseEvent): ChatChunk[] {
      if (event.data === '') return [];
      let o: GeminiResponse;
      try {
        o = JSON.parse(event.data) as GeminiResponse;
      } catch {
        throw new SwitchyardError('UPSTREAM_ERROR', 'upstream sent a malformed stream event', { expose: true });
      }
      if (o.error) throw new SwitchyardError('UPSTREAM_ERROR', o.error.message ?? 'upstream stream error', { expose: true });
      responseId ??= o.responseId ?? randomBytes(8).toString('hex');
      if (o.modelVersion) upstreamModel = o.modelVersion;
      if (o.usageMetadata) usage = toChatUsage(o.usageMetadata);
      const out: ChatChunk[] = [];
      if (!started) {
        started = true;
        out.push(chunk({ role: 'assistant', content: '' }));
      }
      const cand = o.candidates?.[0];
      for (const p of cand?.content?.parts ?? []) {
        if (p.functionCall) {
          const index = calls++;
          const id = toolCallId(p.functionCall, responseId, index);
          const fn = { name: String(p.functionCall.name), arguments: JSON.stringify(p.functionCall.args ?? {}) };
          // The signature rides in the same chunk, ahead of the call, so a client format can place it before the call.
          const d = signatureDetail(p, id);
          out.push(chunk({ ...(d ? { reasoning_details: [d] } : {}), tool_calls: [{ index, id, type: 'function', function: fn }] }));
        } else {
          // A text part's signature (the answer's last part) is sent with the finish, after the whole text.
          const d = signatureDetail(p);
          if (d) textSignatures.push(d);
          if (typeof p.text === 'string' && p.text.length > 0) out.push(chunk(p.thought ? { reasoning_content: p.text } : { content: p.text }));
        }
      }
      if (cand?.finishReason) {
        const details = textSignatures.splice(0);
        out.push(chunk(details.length > 0 ? { reasoning_details: details } : {}, mapFinishReason(cand.finishReason, calls > 0)));
      }
      else if (!cand && o.promptFeedback?.blockReason) out.push(chunk({}, 'content_filter'));
      return out;
    },
    end(): ChatChunk[] {
      return usage ? [{ ...chunk({}), choices: [], usage }] : [];
    },
  };
}
