import type { SwitchyardError } from '../../../core/index.js';

/** OpenAI's error `type` for a status, so SDKs map it to the right exception class. */
export function openAiErrorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** `{"error":{"message","type","code"}}`; code is our stable code in OpenAI's lower-case style. */
export function openAiErrorBody(err: SwitchyardError): string {
  const upstreamType = err.details?.upstreamType;
  const type = typeof upstreamType === 'string' ? upstreamType : openAiErrorType(err.status);
  return JSON.stringify({ error: { message: err.publicMessage, type, code: err.code.toLowerCase() } });
}
