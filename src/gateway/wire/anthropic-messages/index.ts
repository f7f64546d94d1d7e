/** `POST /v1/messages` (and `/v1/messages/count_tokens`): the Anthropic Messages API over the canonical chat form. */
import { SwitchyardError } from '../../../core/index.js';
import type { WireFormat } from '../types.js';
import { validateBody } from '../validate-body.js';
import { renderAnthropicError } from './anthropic-error.js';
import { countTokens } from './count-tokens.js';
import { chatToMessage } from './from-chat.js';
import { messagesOk } from './known-messages.js';
import { countTokensRequestSchema, messagesRequestCheckedSchema, messagesRequestSchema, type MessagesRequest } from './schema.js';
import { MessagesStreamEncoder } from './stream-encoder.js';
import { messagesToChat } from './to-chat.js';

export const messagesWire: WireFormat = {
  api: 'messages',
  parse(body) {
    const checked = messagesOk((body as { messages?: unknown } | null)?.messages);
    const req = checked ? (validateBody(messagesRequestCheckedSchema, body) as MessagesRequest) : validateBody(messagesRequestSchema, body);
    const chat = messagesToChat(req);
    if (!chat.messages.some((m) => m.role !== 'system')) {
      throw new SwitchyardError('VALIDATION_FAILED', 'invalid request: messages: no content a model can read');
    }
    return { chat, stream: req.stream === true, model: req.model };
  },
  render: chatToMessage,
  streamEncoder: (ctx) => new MessagesStreamEncoder(ctx),
  renderError: renderAnthropicError,
};

/** Answers `/v1/messages/count_tokens` from a parsed JSON body; throws a 400 SwitchyardError on bad input. */
export function countMessageTokens(body: unknown): { input_tokens: number } {
  return countTokens(validateBody(countTokensRequestSchema, body));
}

export { anthropicErrorBody, anthropicErrorType, renderAnthropicError } from './anthropic-error.js';
export { messagesRequestSchema, type MessagesRequest } from './schema.js';
