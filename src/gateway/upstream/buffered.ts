import type { EventEmitter } from 'node:events';
import { errors, type Dispatcher } from 'undici';

/** A whole upstream answer, read into memory. */
export interface BufferedResponse {
  statusCode: number;
  /** Lower-cased names; a repeated header keeps its last value. */
  headers: Record<string, string>;
  body: Buffer;
  /** A non-2xx body went past `maxErrorBody` and was cut there (the rest was read and dropped). */
  truncated: boolean;
}

type AbortSignalLike = AbortSignal | (EventEmitter & { aborted: boolean });

/**
 * An undici dispatch handler (its native callback interface) that collects
 * the answer into one Buffer. `Pool.request` builds an async resource, a
 * Readable for the body and a parsed header object per call; for answers the
 * gateway reads whole anyway this is the same work with less machinery (the
 * hot path's cost is a target, docs/decisions.md). Timeouts are the pool's.
 */
class BufferingHandler {
  private parts: Buffer[] = [];
  private size = 0;
  private statusCode = 0;
  private headers: Record<string, string> = {};
  private truncated = false;
  private abortUpstream: ((err: Error) => void) | null = null;
  private done = false;
  private readonly onAbort = (): void => this.abortUpstream?.(new errors.RequestAbortedError());

  constructor(
    private readonly resolve: (r: BufferedResponse) => void,
    private readonly reject: (err: unknown) => void,
    private readonly signal: AbortSignalLike | undefined,
    private readonly maxErrorBody: number,
  ) {
    if (signal) listen(signal, this.onAbort);
  }

  onConnect(abort: (err: Error) => void): void {
    this.abortUpstream = abort;
    if (this.signal?.aborted) abort(new errors.RequestAbortedError());
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    if (statusCode < 200) return true; // 1xx: informational, the real answer follows
    this.statusCode = statusCode;
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      this.headers[(rawHeaders[i] as Buffer).toString('latin1').toLowerCase()] = (rawHeaders[i + 1] as Buffer).toString('latin1');
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    const isError = this.statusCode < 200 || this.statusCode >= 300;
    if (isError && this.size + chunk.length > this.maxErrorBody) {
      if (!this.truncated) this.parts.push(chunk.subarray(0, this.maxErrorBody - this.size));
      this.size = this.maxErrorBody;
      this.truncated = true;
      return true;
    }
    this.parts.push(chunk);
    this.size += chunk.length;
    return true;
  }

  onComplete(): void {
    if (this.finish()) return;
    const body = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts, this.size);
    this.resolve({ statusCode: this.statusCode, headers: this.headers, body, truncated: this.truncated });
  }

  onError(err: Error): void {
    if (this.finish()) return;
    this.reject(err);
  }

  /** True when already finished; otherwise marks it so and lets go of the signal. */
  private finish(): boolean {
    if (this.done) return true;
    this.done = true;
    if (this.signal) unlisten(this.signal, this.onAbort);
    return false;
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

export function dispatchBuffered(
  dispatcher: Dispatcher,
  opts: Dispatcher.DispatchOptions,
  signal: AbortSignalLike | undefined,
  maxErrorBody: number,
): Promise<BufferedResponse> {
  return new Promise((resolve, reject) => {
    const handler = new BufferingHandler(resolve, reject, signal, maxErrorBody);
    try {
      dispatcher.dispatch(opts, handler as unknown as Dispatcher.DispatchHandler);
    } catch (err) {
      handler.onError(err as Error);
    }
  });
}
