import { SwitchyardError, type ChatRequest } from '../../../core/index.js';
import type { ParsedRequest } from '../types.js';

function invalid(message: string): SwitchyardError {
  return new SwitchyardError('VALIDATION_FAILED', message);
}

/**
 * Checks the few fields the gateway acts on; everything else rides along for
 * the upstream to judge (it knows its own parameters better than we do).
 */
export function parseChatBody(body: unknown): ParsedRequest {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid('the request body must be a JSON object');
  const b = body as Record<string, unknown>;
  if (typeof b.model !== 'string' || b.model.length === 0) throw invalid("'model' is required: a provider/model id or a combo name");
  if (!Array.isArray(b.messages) || b.messages.length === 0) throw invalid("'messages' must be a non-empty array");
  if (b.stream !== undefined && b.stream !== null && typeof b.stream !== 'boolean') throw invalid("'stream' must be a boolean");
  const so = b.stream_options;
  if (so !== undefined && so !== null && (typeof so !== 'object' || Array.isArray(so))) {
    throw invalid("'stream_options' must be an object");
  }
  return { chat: b as ChatRequest, stream: b.stream === true, model: b.model };
}
