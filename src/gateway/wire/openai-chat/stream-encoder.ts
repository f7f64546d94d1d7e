import type { ChatChunk, SwitchyardError } from '../../../core/index.js';
import type { StreamEncoder, WireContext } from '../types.js';
import { openAiErrorBody } from './render-error.js';
import { withSealedDetails } from './seal-details.js';

/** Chat Completions SSE: chunks as they are, the usage-only chunk only if the client asked for it. */
export function chatStreamEncoder(ctx: WireContext): StreamEncoder {
  const wantsUsage = ctx.includeUsage === true;
  return {
    start: () => '',
    chunk(c: ChatChunk): string {
      if (!wantsUsage && c.usage && c.choices.length === 0) return '';
      const sealed = c.choices.some((ch) => ch.delta.reasoning_details)
        ? { ...c, choices: c.choices.map((ch) => ({ ...ch, delta: withSealedDetails(ch.delta, ctx) })) }
        : c;
      return `data: ${JSON.stringify(sealed)}\n\n`;
    },
    end: () => 'data: [DONE]\n\n',
    // The OpenAI SDKs throw an APIError when a data frame carries `error`.
    error: (err: SwitchyardError) => `data: ${openAiErrorBody(err)}\n\n`,
  };
}
