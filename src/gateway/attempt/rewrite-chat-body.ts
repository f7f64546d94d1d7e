import type { ChatRequest } from '../../core/index.js';
import type { Member } from '../wire/json-scan.js';
import { spliceModel, spliceModelAt } from './splice-model.js';

const USAGE_ON = '"stream_options":{"include_usage":true},';

/**
 * The client's body with `model` replaced by the upstream's id and, for a
 * stream, `stream_options.include_usage` switched on: spliced into the bytes
 * as received when that is unambiguous, so large bodies are not re-encoded;
 * otherwise the parsed body, re-encoded. `text` is the latin1 reading of `raw`
 * and `chat` may be parsed from it (request-body.ts): `exact` gives the
 * client's exact strings for a re-encode. `modelAt`: where a scan found the
 * model pair (then `text` is not needed). `inPlace`: the splice may overwrite
 * `raw` itself (splice-model.ts; the caller restores it).
 */
export function rewriteChatBody(raw: Buffer, text: string, chat: ChatRequest, upstreamModel: string, stream: boolean, exact: () => ChatRequest = () => chat, modelAt: Member | null = null, inPlace = false): Buffer | string {
  const so = chat.stream_options;
  const needsUsage = stream && so?.include_usage !== true;
  if (needsUsage && so !== undefined && so !== null) return reencode(exact(), upstreamModel, stream);
  const opts = { insert: needsUsage ? USAGE_ON : '', inPlace };
  if (modelAt) return spliceModelAt(raw, modelAt, upstreamModel, opts);
  return spliceModel(raw, text, chat.model, upstreamModel, opts) ?? reencode(exact(), upstreamModel, stream);
}

/** The parsed body re-encoded with the upstream's model (and include_usage for a stream). */
export function reencode(chat: ChatRequest, upstreamModel: string, stream: boolean): string {
  const copy: ChatRequest = { ...chat, model: upstreamModel };
  if (stream) copy.stream_options = { ...(chat.stream_options ?? {}), include_usage: true };
  return JSON.stringify(copy);
}
