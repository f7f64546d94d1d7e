/**
 * `POST /v1/messages/count_tokens`: an estimate, not a tokenizer. Claude Code
 * uses it to decide when to compact, so erring a little high is the safe side:
 * about four characters per token of the text the model would read, plus a
 * few tokens of framing per message and tool.
 */
import type { ContentBlock, CountTokensRequest } from './schema.js';
import { systemText } from './to-chat.js';

const CHARS_PER_TOKEN = 4;
const PER_MESSAGE = 4;
const PER_TOOL = 8;
/** Images are billed by size; without decoding, assume a mid-sized one. */
const PER_IMAGE = 1600;

export function countTokens(req: CountTokensRequest): { input_tokens: number } {
  let chars = systemText(req.system).length;
  let fixed = 0;
  for (const m of req.messages) {
    fixed += PER_MESSAGE;
    if (typeof m.content === 'string') chars += m.content.length;
    else for (const b of m.content) ({ chars, fixed } = countBlock(b, chars, fixed));
  }
  for (const t of req.tools ?? []) {
    fixed += PER_TOOL;
    chars += t.name.length + (t.description?.length ?? 0) + JSON.stringify(t.input_schema ?? {}).length;
  }
  return { input_tokens: Math.max(1, Math.ceil(chars / CHARS_PER_TOKEN) + fixed) };
}

function countBlock(b: ContentBlock, chars: number, fixed: number): { chars: number; fixed: number } {
  switch (b.type) {
    case 'text':
      return { chars: chars + String(b.text).length, fixed };
    case 'thinking':
      return { chars: chars + String(b.thinking).length, fixed };
    case 'image':
      return { chars, fixed: fixed + PER_IMAGE };
    case 'tool_use':
      return { chars: chars + String(b.name).length + JSON.stringify(b.input ?? {}).length, fixed };
    case 'tool_result':
      return { chars: chars + (typeof b.content === 'string' ? b.content : JSON.stringify(b.content ?? '')).length, fixed };
    default:
      return { chars: chars + JSON.stringify(b).length, fixed };
  }
}
