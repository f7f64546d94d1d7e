import type { ChatResponse } from '../../../core/index.js';
import type { WireFormat } from '../types.js';
import { parseChatBody } from './parse.js';
import { withSealedDetails } from './seal-details.js';
import { openAiErrorBody } from './render-error.js';
import { chatStreamEncoder } from './stream-encoder.js';

export { openAiErrorBody, openAiErrorType } from './render-error.js';

/** POST /v1/chat/completions: the canonical form is this API's own. */
export const openAiChatWire: WireFormat = {
  api: 'chat',
  parse: parseChatBody,
  render: (resp: ChatResponse, ctx) =>
    resp.choices.some((c) => c.message.reasoning_details)
      ? { ...resp, choices: resp.choices.map((c) => ({ ...c, message: withSealedDetails(c.message, ctx) })) }
      : resp,
  streamEncoder: chatStreamEncoder,
  renderError: (err) => ({ status: err.status, body: openAiErrorBody(err) }),
};
