import { Utf8Stream } from './utf8-stream.js';

/** Incremental Server-Sent Events parser (WHATWG rules, minus `retry`/`id` bookkeeping). */
export interface SseEvent {
  event: string | undefined;
  data: string;
}

const BOM = 0xfeff;
const CR = 13;
const COLON = 58;
const SPACE = 32;

/**
 * Lines are read by index from the text received, without slicing each line
 * first: a translated stream runs every upstream chunk through here, so the
 * parser's allocations are paid ~20 times per answer.
 */
export class SseParser {
  private buffer = '';
  private event: string | undefined;
  /** The event's data lines so far, joined by LF; null before its first `data` line. */
  private data: string | null = null;
  private decoder: Utf8Stream | undefined;
  /** The stream's first text is yet to come (a leading byte-order mark is dropped from it). */
  private first = true;

  /** Feeds raw bytes (UTF-8, possibly cut mid-character); returns the events they completed. */
  pushBytes(chunk: Uint8Array): SseEvent[] {
    return this.push((this.decoder ??= new Utf8Stream()).write(chunk));
  }

  /** Feeds a chunk of text; returns the events it completed. */
  push(text: string): SseEvent[] {
    if (this.first && text.length > 0) {
      this.first = false;
      if (text.charCodeAt(0) === BOM) text = text.slice(1);
    }
    const buf = this.buffer.length > 0 ? this.buffer + text : text;
    const out: SseEvent[] = [];
    let start = 0;
    for (;;) {
      const nl = buf.indexOf('\n', start);
      if (nl === -1) break;
      this.line(buf, start, nl > start && buf.charCodeAt(nl - 1) === CR ? nl - 1 : nl, out);
      start = nl + 1;
    }
    this.buffer = start === 0 ? buf : start < buf.length ? buf.slice(start) : '';
    return out;
  }

  /** Flushes a final event that was not followed by a blank line. */
  end(): SseEvent[] {
    const held = this.decoder?.end() ?? '';
    const out: SseEvent[] = held.length > 0 ? this.push(held) : [];
    const rest = this.buffer;
    this.buffer = '';
    if (rest.length > 0) this.line(rest, 0, rest.charCodeAt(rest.length - 1) === CR ? rest.length - 1 : rest.length, out);
    this.line('', 0, 0, out);
    return out;
  }

  /** One line: `buf` from `start` to `end` (exclusive, line break removed). */
  private line(buf: string, start: number, end: number, out: SseEvent[]): void {
    if (start === end) {
      if (this.data !== null) out.push({ event: this.event, data: this.data });
      this.data = null;
      this.event = undefined;
      return;
    }
    if (buf.charCodeAt(start) === COLON) return; // a comment
    let colon = buf.indexOf(':', start);
    if (colon === -1 || colon > end) colon = end;
    let from = colon + 1;
    if (from < end && buf.charCodeAt(from) === SPACE) from++;
    const value = from >= end ? '' : buf.slice(from, end);
    const nameLength = colon - start;
    if (nameLength === 4 && buf.startsWith('data', start)) this.data = this.data === null ? value : `${this.data}\n${value}`;
    else if (nameLength === 5 && buf.startsWith('event', start)) this.event = value;
  }
}

/** One SSE frame. */
export function sseFrame(data: string, event?: string): string {
  return event ? `event: ${event}\ndata: ${data}\n\n` : `data: ${data}\n\n`;
}
