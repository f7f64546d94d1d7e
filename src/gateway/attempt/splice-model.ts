import type { Member } from '../wire/json-scan.js';
import { bodyOffset, type LiftedBody } from '../wire/lift-strings.js';

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * Where the one `"model": <quoted>` pair of `text` starts and ends (UTF-16
 * indices); null when there is none or more than one. A scan with indexOf, not
 * a RegExp: a RegExp per model name cost ~100 µs to build for every name not
 * seen before (a client naming many combos paid it on each request).
 */
function findModelPair(text: string, quoted: string): { start: number; end: number } | null {
  let found: { start: number; end: number } | null = null;
  for (let at = text.indexOf(quoted); at !== -1; at = text.indexOf(quoted, at + 1)) {
    let i = at - 1;
    while (i >= 0 && isSpace(text.charCodeAt(i))) i--;
    if (i < 0 || text.charCodeAt(i) !== 0x3a) continue; // ':'
    i--;
    while (i >= 0 && isSpace(text.charCodeAt(i))) i--;
    const key = i - 6;
    // `"model"` as a key: not the tail of a longer key with an escaped quote (`"x\"model"`).
    if (key < 0 || !text.startsWith('"model"', key) || text.charCodeAt(key - 1) === 0x5c) continue;
    if (found) return null;
    found = { start: key, end: at + quoted.length };
  }
  return found;
}

/**
 * The byte offset in `raw` of UTF-16 index `i` of `text`, its UTF-8 decoding.
 * When both have the same length every byte decoded to one code unit (ASCII, or
 * an invalid byte to U+FFFD), so the index is the offset.
 */
function byteOffset(raw: Buffer, text: string, i: number): number {
  return raw.length === text.length ? i : Buffer.byteLength(text.slice(0, i));
}

/** How a splice may write: `insert` goes right after the opening brace; `inPlace` lets it overwrite the body's own bytes. */
export interface SpliceOptions {
  insert?: string;
  inPlace?: boolean;
}

/** What an in-place splice overwrote, for restoreSplice. */
const overwritten = new WeakMap<Buffer, { start: number; bytes: Buffer }>();

/**
 * Writes `pair` over `raw[start, end)` when it fits, padded with spaces (JSON
 * whitespace), so a megabyte body goes up as it came in instead of as a fresh
 * copy: one copy fewer per request in flight, which is most of what a burst of
 * big bodies holds beyond the bare proxy (#19). The client's bytes are kept, and
 * the caller puts them back with restoreSplice once the upstream has the body: a
 * later attempt or an exact parse reads the client's own model name.
 */
function overwrite(raw: Buffer, start: number, end: number, pair: string): Buffer | null {
  const n = Buffer.byteLength(pair);
  if (n > end - start || overwritten.has(raw)) return null;
  overwritten.set(raw, { start, bytes: Buffer.from(raw.subarray(start, end)) });
  raw.write(pair, start, 'utf8');
  raw.fill(0x20, start + n, end);
  return raw;
}

/** Puts back what an in-place splice overwrote in `raw` (nothing when none did). */
export function restoreSplice(raw: Buffer): void {
  const o = overwritten.get(raw);
  if (!o) return;
  o.bytes.copy(raw, o.start);
  overwritten.delete(raw);
}

/** `raw` with `raw[start, end)` replaced by `pair` and `opts.insert` after the brace at `brace()`. */
function splicePair(raw: Buffer, start: number, end: number, pair: string, brace: () => number, opts: SpliceOptions): Buffer {
  if (!opts.insert) return (opts.inPlace && overwrite(raw, start, end, pair)) || Buffer.concat([raw.subarray(0, start), Buffer.from(pair), raw.subarray(end)]);
  const b = brace() + 1;
  return Buffer.concat([raw.subarray(0, b), Buffer.from(opts.insert), raw.subarray(b, start), Buffer.from(pair), raw.subarray(end)]);
}

/**
 * The client's body bytes with `"model": "<model>"` replaced by the upstream's
 * id (and `insert` placed right after the opening brace), without decoding or
 * re-encoding the rest: a large body is copied once instead of being rebuilt as
 * a string and encoded again. Null when the pair is not found exactly once (a
 * tool schema could hold a `model` property with the same value, or the client
 * escaped the name differently): the caller then re-encodes the parsed body.
 */
export function spliceModel(raw: Buffer, text: string, model: string, upstreamModel: string, opts: SpliceOptions = {}): Buffer | null {
  const pair = findModelPair(text, JSON.stringify(model));
  if (!pair) return null;
  const pairText = text.slice(pair.start, pair.end);
  const start = byteOffset(raw, text, pair.start);
  const end = start + Buffer.byteLength(pairText);
  // Invalid UTF-8 before the pair can make the offsets drift: check the bytes before trusting them.
  if (raw.length !== text.length && raw.toString('utf8', start, end) !== pairText) return null;
  return splicePair(raw, start, end, `"model":${JSON.stringify(upstreamModel)}`, () => byteOffset(raw, text, text.indexOf('{')), opts);
}

/**
 * The same splice where the scan already found the pair (wire/json-scan.ts):
 * `"model": …` from `at.keyStart` to `at.end` becomes the upstream's id.
 */
export function spliceModelAt(raw: Buffer, at: Member, upstreamModel: string, opts: SpliceOptions = {}): Buffer {
  return splicePair(raw, at.keyStart, at.end, `"model":${JSON.stringify(upstreamModel)}`, () => raw.indexOf(0x7b), opts);
}

/**
 * The same splice for a body whose long strings were lifted (wire/lift-strings.ts):
 * the pair is found in the small skeleton, where every member is, and mapped back
 * to the bytes, so a big native pass-through never decodes its body (#19). Null
 * as spliceModel's.
 */
export function spliceModelLifted(raw: Buffer, lifted: LiftedBody, model: string, upstreamModel: string, opts: SpliceOptions = {}): Buffer | null {
  const pair = findModelPair(lifted.skeleton, JSON.stringify(model));
  if (!pair) return null;
  const start = bodyOffset(lifted, pair.start);
  const end = start + (pair.end - pair.start);
  // The skeleton is the latin1 reading: the same chars as the bytes there, or the mapping is wrong.
  if (raw.toString('latin1', start, end) !== lifted.skeleton.slice(pair.start, pair.end)) return null;
  return splicePair(raw, start, end, `"model":${JSON.stringify(upstreamModel)}`, () => raw.indexOf(0x7b), opts);
}
