import type { ChatUsage } from '../../core/index.js';
import { findUsage } from '../usage/sniff.js';
import { ByteNeedle } from './byte-needle.js';

const LFLF = Buffer.from('\n\n');
const LFCRLF = Buffer.from('\n\r\n');
const DONE = Buffer.from('[DONE]');
const ERROR_FRAME = Buffer.from('data: {"error"');
const EMPTY_CHOICES = /"choices"\s*:\s*\[\s*\]/;

const LF = 0x0a;
const USAGE_NEEDLE = new ByteNeedle(Buffer.from('"usage"'));
const ERROR_NEEDLE = new ByteNeedle(ERROR_FRAME);
/** Below this size searching in JavaScript beats native searches (each a binding call). */
const SMALL = 2048;

/** End of the last complete SSE frame in `buf` (just past its blank line), or -1. */
function lastFrameEnd(buf: Buffer): number {
  const n = buf.length;
  // The usual case: a chunk is whole frames. (Nothing can end after the final blank line.)
  if (n >= 2 && buf[n - 1] === LF && buf[n - 2] === LF) return n;
  const a = buf.lastIndexOf(LFLF);
  const b = buf.lastIndexOf(LFCRLF);
  if (a === -1 && b === -1) return -1;
  return a >= b ? a + 2 : b + 3;
}

function matchesAt(buf: Buffer, at: number, needle: Buffer): boolean {
  if (at + needle.length > buf.length) return false;
  for (let j = 1; j < needle.length; j++) if (buf[at + j] !== needle[j]) return false;
  return true;
}

/** `[DONE]` within the last 16 bytes (the last frame, whatever its line endings). */
function endsWithDone(buf: Buffer): boolean {
  for (let i = Math.max(0, buf.length - 16); i + DONE.length <= buf.length; i++) {
    if (buf[i] === 0x5b /* [ */ && matchesAt(buf, i, DONE)) return true;
  }
  return false;
}

function frameStart(buf: Buffer, at: number): number {
  const a = buf.lastIndexOf(LFLF, at);
  return a === -1 ? 0 : a + 2;
}

function frameEnd(buf: Buffer, at: number): number {
  const a = buf.indexOf(LFLF, at);
  return a === -1 ? buf.length : a + 2;
}

/**
 * Forwards an OpenAI-compatible SSE stream byte for byte, frame-aligned, while
 * learning its usage and whether it ended with `[DONE]`. No chunk is decoded
 * or re-encoded; the one exception is the usage-only chunk, cut out when the
 * client did not ask for usage (we add include_usage upstream to know the cost).
 */
export class SsePassthrough {
  usage: ChatUsage | null = null;
  sawDone = false;
  sawError = false;
  private carry: Buffer | null = null;

  constructor(private readonly stripUsageChunk: boolean) {}

  /** The bytes to send now (complete frames), or null when none are complete yet. */
  push(chunk: Buffer): Buffer | null {
    const data = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const end = lastFrameEnd(data);
    if (end === -1) {
      this.carry = data;
      return null;
    }
    this.carry = end < data.length ? data.subarray(end) : null;
    return this.inspect(end < data.length ? data.subarray(0, end) : data);
  }

  /** Whatever is left at the end of the upstream stream. */
  end(): Buffer | null {
    const rest = this.carry;
    this.carry = null;
    return rest && rest.length > 0 ? this.inspect(rest) : null;
  }

  private inspect(frames: Buffer): Buffer {
    let hit;
    if (frames.length <= SMALL) {
      if (!this.sawError && ERROR_NEEDLE.indexIn(frames) !== -1) this.sawError = true;
      if (endsWithDone(frames)) this.sawDone = true;
      const usageAt = USAGE_NEEDLE.indexIn(frames);
      hit = usageAt === -1 ? null : findUsage(frames, usageAt);
    } else {
      if (endsWithDone(frames)) this.sawDone = true;
      if (frames.indexOf(ERROR_FRAME) !== -1) this.sawError = true;
      hit = findUsage(frames);
    }
    if (!hit) return frames;
    this.usage = hit.usage;
    if (!this.stripUsageChunk) return frames;
    const s = frameStart(frames, hit.at);
    const e = frameEnd(frames, hit.at);
    if (!EMPTY_CHOICES.test(frames.toString('utf8', s, e))) return frames;
    return Buffer.concat([frames.subarray(0, s), frames.subarray(e)]);
  }
}
