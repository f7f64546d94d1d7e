/**
 * The request body, parsed once cheaply and decoded exactly only when an
 * attempt needs its text (#19).
 *
 * Decoding 1 MB of UTF-8 with some non-ASCII in it costs V8 about six times
 * what JSON.parse of it does (Node 20: ~9 ms against ~1.5 ms here), and a
 * pass-through attempt never needs the decoded text: it forwards the bytes
 * with the model spliced in. So the body is first read as latin1 (one char per
 * byte, no decoding) and parsed from that. The two parses agree on everything
 * but the content of strings with non-ASCII in them:
 * - validity: every JSON structural character is ASCII, and UTF-8 puts only
 *   bytes ≥ 0x80 in a multi-byte sequence, which JSON allows inside a string and
 *   refuses outside one under either reading — so one parse fails iff the other
 *   does;
 * - shape: the same objects, keys (when ASCII), arrays, lengths, numbers and
 *   booleans;
 * - and when the body is all ASCII (`isAscii`, a SIMD scan), the two are equal.
 * Anything that reads or forwards string content of a non-ASCII body —
 * translation, re-encoding, token counting — asks for `exactJson`/`exactParsed`
 * and pays for the decode then, once per request.
 */
import { isAscii } from 'node:buffer';
import { SwitchyardError } from '../core/index.js';
import type { LiftedRequest, RequestContext } from './request-context.js';
import type { ParsedRequest, WireFormat } from './wire/index.js';
import { SEAL_PREFIX } from './reasoning/seal.js';
import { liftLongStrings } from './wire/lift-strings.js';
import { scanChatBody } from './wire/openai-chat/scan-parse.js';

const NON_ASCII = /[^\x01-\x7f]/; // eslint-disable-line no-control-regex -- the ASCII range is the point

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SwitchyardError('INVALID_JSON', 'the request body is not valid JSON');
  }
}

/**
 * `ctx.parsed` from `ctx.bodyBytes`: a chat body from its top-level members
 * when it can be (wire/openai-chat/scan-parse.ts), any other from the cheap
 * parse of its latin1 reading.
 */
export function parseRequest(ctx: RequestContext, wire: WireFormat): ParsedRequest {
  const bytes = ctx.bodyBytes;
  ctx.bodyAscii = isAscii(bytes);
  if (wire.api === 'chat') {
    const scanned = scanChatBody(bytes);
    if (scanned) {
      ctx.modelMember = scanned.model;
      ctx.parsedExact = false;
      return scanned.parsed;
    }
  }
  // A chat body the scan refused is spliced from its text (attempt/rewrite-chat-body.ts).
  if (wire.api === 'chat') ctx.bodyText = bytes.toString('latin1');
  // A big body: the skeleton routes it, and a native pass-through splices from it, so the
  // body is never read as one string. Its long strings are checked by whoever reads them —
  // the whole-body parse of a translation, or the upstream (as a scanned chat body's are).
  const lifted = liftedParsed(ctx);
  if (lifted) {
    ctx.modelMember = null;
    ctx.parsedExact = false;
    return lifted.parsed;
  }
  if (!ctx.bodyText) ctx.bodyText = bytes.toString('latin1');
  ctx.bodyJson = parseJson(ctx.bodyText);
  return parseBody(ctx, wire.parse);
}

/** The body decoded as UTF-8 and parsed: the client's exact values (INVALID_JSON when it is not JSON). */
export function exactJson(ctx: RequestContext): unknown {
  if (ctx.exactBodyJson === undefined) {
    ctx.bodyAscii = isAscii(ctx.bodyBytes);
    ctx.exactBodyJson = ctx.bodyAscii && ctx.bodyJson !== undefined ? ctx.bodyJson : parseJson(ctx.bodyBytes.toString(ctx.bodyAscii ? 'latin1' : 'utf8'));
  }
  return ctx.exactBodyJson;
}

/** The body's exact text (UTF-8 decoded). */
export function exactText(ctx: RequestContext): string {
  return ctx.bodyAscii && ctx.bodyText ? ctx.bodyText : ctx.bodyBytes.toString('utf8');
}

/**
 * Parses with the wire format from the cheap reading, falling back to the
 * exact one where the cheap reading could differ in what the gateway acts on:
 * a refusal (its message may quote the client's text) or a model name that is
 * not ASCII.
 */
export function parseBody(ctx: RequestContext, parse: (json: unknown) => ParsedRequest): ParsedRequest {
  ctx.modelMember = null;
  if (ctx.bodyAscii) return markExact(ctx, parse(ctx.bodyJson));
  let parsed: ParsedRequest;
  try {
    parsed = parse(ctx.bodyJson);
  } catch {
    return markExact(ctx, parse(exactJson(ctx))); // throws the exact refusal
  }
  if (NON_ASCII.test(parsed.model)) return markExact(ctx, parse(exactJson(ctx)));
  ctx.parsedExact = false;
  return parsed;
}

function markExact(ctx: RequestContext, parsed: ParsedRequest): ParsedRequest {
  ctx.parsedExact = true;
  return parsed;
}

/** The parsed request with the client's exact strings (for translation and re-encoding). */
export function exactParsed(ctx: RequestContext): ParsedRequest {
  const parsed = ctx.parsed;
  if (!parsed) throw new Error('exactParsed before parse');
  if (ctx.parsedExact) return parsed;
  const exact = ctx.wire.parse(exactJson(ctx));
  ctx.parsed = exact;
  ctx.parsedExact = true;
  return exact;
}

/**
 * The request as translation can take it without decoding (#19): parsed from
 * the latin1 reading, so every string holds one char per byte of its UTF-8.
 * A translator that only moves and joins strings then builds, through
 * JSON.stringify, a text whose latin1 encoding is exactly the UTF-8 the exact
 * parse would have produced (JSON.stringify escapes nothing in U+0080–U+00FF).
 * For an ASCII body that is the exact parse. Null when the reading is refused.
 */
export function byteSpaceParsed(ctx: RequestContext): ParsedRequest | null {
  if (ctx.bodyAscii) return exactParsed(ctx);
  if (ctx.byteParsed === undefined) {
    if (!ctx.parsedExact && ctx.bodyJson !== undefined && ctx.parsed) ctx.byteParsed = ctx.parsed;
    else {
      try {
        ctx.byteParsed = ctx.wire.parse(JSON.parse(ctx.bodyText || ctx.bodyBytes.toString('latin1')));
      } catch {
        ctx.byteParsed = null;
      }
    }
  }
  return ctx.byteParsed;
}

/**
 * A text built in byte space, as the bytes it stands for; null when it holds a
 * char past U+00FF — something put real text in (the caller redoes the work
 * from the exact parse). Written into a buffer of its length: Buffer.from(s,
 * 'latin1') costs ~100× more for a megabyte.
 */
export function byteSpaceBytes(text: string): Buffer | null {
  if (BEYOND_LATIN1.test(text)) return null;
  const out = Buffer.allocUnsafe(text.length);
  out.write(text, 0, 'latin1');
  return out;
}

const BEYOND_LATIN1 = /[^\x00-\xff]/; // eslint-disable-line no-control-regex -- the latin1 range is the point

/** Below this a body is translated whole: lifting pays off when long strings are most of it. */
const LIFT_MIN_BODY = 64 * 1024;
/** Literals from this many bytes are lifted; shorter ones (roles, ids, names, types) stay in the skeleton. */
const LIFT_MIN_LITERAL = 256;

/**
 * The request parsed with its long strings lifted out (wire/lift-strings.ts):
 * what routes a big non-chat body, and what a translator that only moves string
 * content translates. Null when the body is small, has nothing to lift, or its
 * skeleton is refused (then the whole body is parsed, for the exact error).
 */
export function liftedParsed(ctx: RequestContext): LiftedRequest | null {
  if (ctx.lifted !== undefined) return ctx.lifted;
  ctx.lifted = null;
  if (ctx.bodyBytes.length < LIFT_MIN_BODY) return null;
  // Seals stay: restoring reasoning opens them, and finding one sends the request down the exact path.
  const body = liftLongStrings(ctx.bodyBytes, LIFT_MIN_LITERAL, SEAL_PREFIX);
  if (!body) return null;
  try {
    const json: unknown = JSON.parse(body.skeleton);
    const parsed = ctx.wire.parse(json);
    // A refusal, or a model name that needs the exact reading, is left to the whole-body parse.
    if (!NON_ASCII.test(parsed.model)) ctx.lifted = { body, json, parsed };
  } catch {
    // Refused: the whole-body parse gives the exact error.
  }
  return ctx.lifted;
}
