/** Switchyard errors in Anthropic's shape `{"type":"error","error":{"type","message"}}`. */
import type { SwitchyardError } from '../../../core/index.js';

export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error';

export function anthropicErrorType(status: number): AnthropicErrorType {
  switch (status) {
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 503:
    case 529:
      return 'overloaded_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

export function anthropicErrorBody(err: SwitchyardError): string {
  return JSON.stringify({ type: 'error', error: { type: anthropicErrorType(err.status), message: err.publicMessage } });
}

export function renderAnthropicError(err: SwitchyardError): { status: number; body: string } {
  return { status: err.status, body: anthropicErrorBody(err) };
}
