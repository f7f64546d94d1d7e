/** Gemini GenerateContentResponse → canonical chat completion. */
import { randomBytes } from 'node:crypto';
import { SwitchyardError, type ChatResponse, type ChatToolCall, type ReasoningDetail } from '../../core/index.js';
import { mapFinishReason, signatureDetail, toChatUsage, toolCallId, type GeminiResponse } from './gemini-candidate.js';

export function parseGeminiResponse(body: unknown, model: string): ChatResponse {
  const o = body as GeminiResponse | null;
  if (!o || typeof o !== 'object' || (!Array.isArray(o.candidates) && !o.promptFeedback)) {
    throw new SwitchyardError('UPSTREAM_ERROR', 'upstream answered without candidates', { expose: true });
  }
  const responseId = o.responseId ?? randomBytes(8).toString('hex');
  const cand = o.candidates?.[0];
  let text = '';
  let reasoning = '';
  const calls: ChatToolCall[] = [];
  const details: ReasoningDetail[] = [];
  for (const p of cand?.content?.parts ?? []) {
    if (p.functionCall) {
      const id = toolCallId(p.functionCall, responseId, calls.length);
      calls.push({ id, type: 'function', function: { name: String(p.functionCall.name), arguments: JSON.stringify(p.functionCall.args ?? {}) } });
      const d = signatureDetail(p, id);
      if (d) details.push(d);
    } else if (typeof p.text === 'string') {
      const d = signatureDetail(p);
      if (d) details.push(d);
      if (p.thought) reasoning += p.text;
      else text += p.text;
    }
  }
  const message: ChatResponse['choices'][number]['message'] = { role: 'assistant', content: calls.length > 0 && !text ? null : text };
  if (calls.length > 0) message.tool_calls = calls;
  if (reasoning) message.reasoning_content = reasoning;
  if (details.length > 0) message.reasoning_details = details;
  const finish = cand ? mapFinishReason(cand.finishReason ?? 'STOP', calls.length > 0) : 'content_filter';
  return {
    id: `chatcmpl-${responseId}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: o.modelVersion ?? model,
    choices: [{ index: 0, message, finish_reason: finish }],
    usage: toChatUsage(o.usageMetadata),
  };
}
