/**
 * Switchyard errors in OpenAI's shape `{"error":{"message","type","code","param"}}`, the same way
 * the chat route renders them (type by status or the upstream's own, code in lower case).
 */
import type { SwitchyardError } from '../../../core/index.js';
import { openAiErrorType } from '../openai-chat/render-error.js';

export interface OpenAiErrorBody {
  message: string;
  type: string;
  code: string;
  param: string | null;
}

export function openAiError(err: SwitchyardError): OpenAiErrorBody {
  const upstreamType = err.details?.upstreamType;
  const type = typeof upstreamType === 'string' ? upstreamType : openAiErrorType(err.status);
  return { message: err.publicMessage, type, code: err.code.toLowerCase(), param: null };
}

export function renderOpenAiError(err: SwitchyardError): { status: number; body: string } {
  return { status: err.status, body: JSON.stringify({ error: openAiError(err) }) };
}
