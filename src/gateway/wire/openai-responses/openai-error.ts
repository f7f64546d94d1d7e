/** Switchyard errors in OpenAI's error shape `{"error":{"message","type","code","param"}}`. */
import type { SwitchyardError } from '../../../core/index.js';

export interface OpenAiErrorBody {
  message: string;
  type: string;
  code: string;
  param: string | null;
}

export function openAiErrorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

export function openAiError(err: SwitchyardError): OpenAiErrorBody {
  return { message: err.publicMessage, type: openAiErrorType(err.status), code: err.code, param: null };
}

export function renderOpenAiError(err: SwitchyardError): { status: number; body: string } {
  return { status: err.status, body: JSON.stringify({ error: openAiError(err) }) };
}
