import type { ChatRequest } from '../../core/index.js';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `"model": "<value>"` patterns by model name: one RegExp per name, not per request. */
const patterns = new Map<string, RegExp>();
function modelPattern(model: string): RegExp {
  let re = patterns.get(model);
  if (!re) {
    if (patterns.size > 1000) patterns.clear();
    re = new RegExp(`"model"\\s*:\\s*${escapeRegExp(JSON.stringify(model))}`, 'g');
    patterns.set(model, re);
  }
  re.lastIndex = 0;
  return re;
}

/**
 * The client's body with `model` replaced by the upstream's id and, for a
 * stream, `stream_options.include_usage` switched on — as a splice of the
 * original text when that is unambiguous, so large bodies are not re-encoded.
 * The `"model": "<value>"` pair must occur exactly once (a tool schema could
 * have a `model` property with the same value); otherwise re-encode.
 */
export function rewriteChatBody(text: string, chat: ChatRequest, upstreamModel: string, stream: boolean): string {
  const so = chat.stream_options;
  const needsUsage = stream && so?.include_usage !== true;
  if (needsUsage && so !== undefined && so !== null) return reencode(chat, upstreamModel, stream);
  const pattern = modelPattern(chat.model);
  const first = pattern.exec(text);
  if (!first || pattern.exec(text) !== null) return reencode(chat, upstreamModel, stream);
  let out = text.slice(0, first.index) + `"model":${JSON.stringify(upstreamModel)}` + text.slice(first.index + first[0].length);
  if (needsUsage) {
    const brace = out.indexOf('{');
    out = out.slice(0, brace + 1) + '"stream_options":{"include_usage":true},' + out.slice(brace + 1);
  }
  return out;
}

function reencode(chat: ChatRequest, upstreamModel: string, stream: boolean): string {
  const copy: ChatRequest = { ...chat, model: upstreamModel };
  if (stream) copy.stream_options = { ...(chat.stream_options ?? {}), include_usage: true };
  return JSON.stringify(copy);
}
