import type { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { errors, type Dispatcher } from 'undici';
import type { BufferedResponse } from './buffered.js';

type AbortSignalLike = AbortSignal | (EventEmitter & { aborted: boolean });

/** What the caller does with each upstream chunk, and how it opens its answer. */
export interface StreamSink {
  /** Turns an upstream chunk into what the client gets (null/'' = nothing yet). */
  onChunk(chunk: Buffer): Buffer | string | null;
  /** Called before the first write: send the status line and headers. */
  commit(): void;
}

/** How a relayed stream ended; `committed` says whether any byte reached the client (no fallback after). */
export type StreamEnd = { ok: true; committed: boolean } | { ok: false; committed: boolean; error: unknown };

/** A 2xx answer whose body is still coming: `relay` writes it to the client. */
export interface OpenStream {
  statusCode: number;
  headers: Record<string, string>;
  relay(res: ServerResponse, sink: StreamSink): Promise<StreamEnd>;
}

export type StreamStart = { ok: true; stream: OpenStream } | { ok: false; failure: BufferedResponse };

/**
 * An undici dispatch handler that relays a streamed answer straight from the
 * socket to the client, with backpressure (undici pauses reading while the
 * client's socket is full), and reads a non-2xx answer whole (up to
 * `maxErrorBody`) so its error can be described. `Pool.request` would put a
 * Readable and an async resource between the two for every stream
 * (docs/decisions.md, "dispatch interface").
 */
class StreamingHandler {
  private statusCode = 0;
  private headers: Record<string, string> = {};
  private abortUpstream: ((err: Error) => void) | null = null;
  private resumeUpstream: (() => void) | null = null;
  private started = false;
  private finished = false;
  /** Chunks that arrived before `relay` was called (same socket read as the headers). */
  private early: Buffer[] = [];
  /** How the upstream ended before `relay` was called (`committed` is filled in when it settles). */
  private earlyEnd: { ok: true } | { ok: false; error: unknown } | null = null;
  private errorParts: Buffer[] = [];
  private errorSize = 0;
  private res: ServerResponse | null = null;
  private sink: StreamSink | null = null;
  private committed = false;
  private settle: ((end: StreamEnd) => void) | null = null;
  private settled = false;
  private readonly onAbort = (): void => this.abortUpstream?.(new errors.RequestAbortedError());
  private readonly onDrain = (): void => this.resumeUpstream?.();

  constructor(
    private readonly resolveStart: (s: StreamStart) => void,
    private readonly rejectStart: (err: unknown) => void,
    private readonly signal: AbortSignalLike | undefined,
    private readonly maxErrorBody: number,
  ) {
    if (signal) listen(signal, this.onAbort);
  }

  private get isError(): boolean {
    return this.statusCode < 200 || this.statusCode >= 300;
  }

  onConnect(abort: (err: Error) => void): void {
    this.abortUpstream = abort;
    if (this.signal?.aborted) abort(new errors.RequestAbortedError());
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    if (statusCode < 200) return true;
    this.statusCode = statusCode;
    this.resumeUpstream = resume;
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      this.headers[(rawHeaders[i] as Buffer).toString('latin1').toLowerCase()] = (rawHeaders[i + 1] as Buffer).toString('latin1');
    }
    if (!this.isError) {
      this.started = true;
      this.resolveStart({ ok: true, stream: { statusCode, headers: this.headers, relay: (res, sink) => this.relay(res, sink) } });
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.isError) {
      if (this.errorSize < this.maxErrorBody) {
        const keep = chunk.subarray(0, this.maxErrorBody - this.errorSize);
        this.errorParts.push(keep);
        this.errorSize += keep.length;
      }
      return true;
    }
    if (!this.sink) {
      this.early.push(chunk);
      return true;
    }
    return this.write(chunk);
  }

  onComplete(): void {
    if (this.isError) {
      this.done();
      const body = Buffer.concat(this.errorParts, this.errorSize);
      this.resolveStart({ ok: false, failure: { statusCode: this.statusCode, headers: this.headers, body, truncated: false } });
      return;
    }
    this.end({ ok: true });
  }

  onError(err: Error): void {
    if (!this.started) {
      this.done();
      this.rejectStart(err);
      return;
    }
    this.end({ ok: false, error: err });
  }

  private relay(res: ServerResponse, sink: StreamSink): Promise<StreamEnd> {
    return new Promise((resolve) => {
      this.res = res;
      this.sink = sink;
      this.settle = resolve;
      res.on('drain', this.onDrain);
      // Already in memory: written whatever the client's buffer says; the next chunk pauses if it is full.
      const early = this.early;
      this.early = [];
      for (const chunk of early) this.write(chunk);
      if (this.earlyEnd) this.end(this.earlyEnd);
    });
  }

  /** One chunk to the client; false asks undici to pause reading until the client drains. */
  private write(chunk: Buffer): boolean {
    const res = this.res as ServerResponse;
    let out: Buffer | string | null;
    try {
      out = (this.sink as StreamSink).onChunk(chunk);
    } catch (error) {
      this.abortUpstream?.(error as Error);
      this.end({ ok: false, error });
      return false;
    }
    if (out === null || out.length === 0) return true;
    if (!this.committed) {
      this.committed = true;
      (this.sink as StreamSink).commit();
    }
    return res.write(out);
  }

  private end(end: { ok: true } | { ok: false; error: unknown }): void {
    if (this.settled) return;
    this.done();
    if (!this.settle) {
      // relay() not called yet: keep the outcome for it.
      this.earlyEnd ??= end;
      return;
    }
    this.settled = true;
    this.res?.off('drain', this.onDrain);
    this.settle(end.ok ? { ok: true, committed: this.committed } : { ok: false, committed: this.committed, error: end.error });
  }

  private done(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.signal) unlisten(this.signal, this.onAbort);
  }
}

function listen(signal: AbortSignalLike, fn: () => void): void {
  if ('on' in signal) signal.on('abort', fn);
  else signal.addEventListener('abort', fn, { once: true });
}

function unlisten(signal: AbortSignalLike, fn: () => void): void {
  if ('off' in signal) signal.off('abort', fn);
  else signal.removeEventListener('abort', fn);
}

export function dispatchStream(
  dispatcher: Dispatcher,
  opts: Dispatcher.DispatchOptions,
  signal: AbortSignalLike | undefined,
  maxErrorBody: number,
): Promise<StreamStart> {
  return new Promise((resolve, reject) => {
    const handler = new StreamingHandler(resolve, reject, signal, maxErrorBody);
    try {
      dispatcher.dispatch(opts, handler as unknown as Dispatcher.DispatchHandler);
    } catch (err) {
      handler.onError(err as Error);
    }
  });
}
