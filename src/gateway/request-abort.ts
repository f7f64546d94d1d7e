import { EventEmitter } from 'node:events';

/**
 * A request's cancellation: undici accepts any EventEmitter with `aborted` as a
 * signal, and this one costs a fraction of an AbortController (an EventTarget)
 * on the hot path. `signal` returns itself so code written for
 * AbortController reads the same.
 */
export class RequestAbort extends EventEmitter {
  aborted = false;
  /** Why we stopped (e.g. SHUTDOWN); undefined when the client went away. Not `reason`: undici would throw it. */
  why: string | undefined;

  get signal(): this {
    return this;
  }

  abort(why?: string): void {
    if (this.aborted) return;
    this.aborted = true;
    this.why = why;
    this.emit('abort');
  }
}
