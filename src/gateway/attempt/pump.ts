import type { ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';

export interface PumpHandlers {
  /** Turns an upstream chunk into what the client gets (null/'' = nothing yet). */
  onChunk(chunk: Buffer): Buffer | string | null;
  /** Called before the first write: send the status line and headers. */
  commit(): void;
}

export type PumpEnd = { ok: true; committed: boolean } | { ok: false; committed: boolean; error: unknown };

/**
 * Streams an upstream body to the client with backpressure. Resolves (never
 * rejects) when the upstream ends or fails; `committed` says whether any byte
 * reached the client (after which no fallback is possible).
 */
export function pump(body: Dispatcher.ResponseData['body'], res: ServerResponse, h: PumpHandlers): Promise<PumpEnd> {
  return new Promise((resolve) => {
    let committed = false;
    let settled = false;
    const settle = (end: PumpEnd) => {
      if (settled) return;
      settled = true;
      res.off('drain', onDrain);
      resolve(end);
    };
    const onDrain = () => body.resume();
    res.on('drain', onDrain);
    body.on('data', (chunk: Buffer) => {
      let out: Buffer | string | null;
      try {
        out = h.onChunk(chunk);
      } catch (error) {
        body.destroy();
        settle({ ok: false, committed, error });
        return;
      }
      if (out === null || out.length === 0) return;
      if (!committed) {
        committed = true;
        h.commit();
      }
      if (!res.write(out)) body.pause();
    });
    body.once('end', () => settle({ ok: true, committed }));
    body.once('error', (error: unknown) => settle({ ok: false, committed, error }));
    body.once('close', () => settle({ ok: false, committed, error: new Error('upstream body closed early') }));
  });
}
