import { isWhitespaceByte, memberValue, scanTopLevel, type Member } from '../json-scan.js';
import type { ParsedRequest } from '../types.js';
import { parseChatBody } from './parse.js';

const NON_ASCII = /[^\x01-\x7f]/; // eslint-disable-line no-control-regex -- the ASCII range is the point

/** A non-empty array's stand-in: parseChatBody checks only that `messages` is one. */
const SOME = [null];

export interface ScannedChat {
  parsed: ParsedRequest;
  /** Where `"model": …` sits in the bytes, for the splice. */
  model: Member;
}

/**
 * A Chat Completions body parsed from its top-level members only (#19): the
 * same checks as parseChatBody, on the same fields, without building the
 * conversation. `parsed.chat` holds just `model`, `stream`,
 * `stream_options` and `reasoning_effort` (messages stays empty): an attempt that reads more asks
 * for the exact parse (request-body.ts). Null: take the full parse (it gives
 * the exact error when the body is not valid JSON).
 */
export function scanChatBody(b: Buffer): ScannedChat | null {
  const members = scanTopLevel(b);
  const model = members?.get('model');
  if (!members || !model) return null;
  let fields: Record<string, unknown>;
  try {
    fields = {
      model: memberValue(b, model),
      stream: memberValue(b, members.get('stream')),
      stream_options: memberValue(b, members.get('stream_options')),
      // Read so a pass-through can leave it out for an upstream that does not take it (reasoning/effort.ts).
      reasoning_effort: memberValue(b, members.get('reasoning_effort')),
      messages: messagesStandIn(b, members.get('messages')),
    };
  } catch {
    return null; // a scalar that is not JSON: the full parse names it
  }
  if (typeof fields.model !== 'string' || NON_ASCII.test(fields.model)) return null;
  for (const k of ['stream', 'stream_options', 'reasoning_effort'] as const) if (fields[k] === undefined) delete fields[k];
  const parsed = parseChatBody(fields);
  parsed.chat.messages = [];
  return { parsed, model };
}

function messagesStandIn(b: Buffer, m: Member | undefined): unknown {
  if (!m) return undefined;
  if (b[m.start] !== 0x5b) return memberValue(b, m); // not an array: its value, for the same refusal
  let i = m.start + 1;
  while (isWhitespaceByte(b[i])) i++;
  return b[i] === 0x5d ? [] : SOME;
}
