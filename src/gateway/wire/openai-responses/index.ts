/** `POST /v1/responses`: the OpenAI Responses API over the canonical chat form. */
import type { WireFormat } from '../types.js';
import { validateBody } from '../validate-body.js';
import { chatToResponses } from './from-chat.js';
import { renderOpenAiError } from './openai-error.js';
import { inputItemsOk } from './known-items.js';
import { responsesRequestCheckedItemsSchema, responsesRequestSchema, type ResponsesRequest } from './schema.js';
import { ResponsesStreamEncoder } from './stream-encoder.js';
import { responsesToChat } from './to-chat.js';

export const responsesWire: WireFormat = {
  api: 'responses',
  parse(body) {
    const checked = inputItemsOk((body as { input?: unknown } | null)?.input);
    const req = checked ? (validateBody(responsesRequestCheckedItemsSchema, body) as ResponsesRequest) : validateBody(responsesRequestSchema, body);
    return { chat: responsesToChat(req), stream: req.stream === true, model: req.model };
  },
  render: chatToResponses,
  streamEncoder: (ctx) => new ResponsesStreamEncoder(ctx),
  renderError: renderOpenAiError,
};

export { responsesRequestSchema, type ResponsesRequest } from './schema.js';
export { responsesToChat } from './to-chat.js';
