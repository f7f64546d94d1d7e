import type { IncomingMessage } from 'node:http';
import { SwitchyardError } from '../../core/index.js';

function tooLarge(limit: number): SwitchyardError {
  return new SwitchyardError('BODY_TOO_LARGE', `request body exceeds the limit of ${limit} bytes`);
}

/** The whole body, refusing early (by Content-Length) or as soon as it passes `limit`. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (err: SwitchyardError) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return fail(tooLarge(limit));
      parts.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (done) return;
      done = true;
      resolve(parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts));
    });
    req.once('error', () => fail(new SwitchyardError('BAD_REQUEST', 'the request body could not be read')));
    req.once('aborted', () => fail(new SwitchyardError('BAD_REQUEST', 'the client aborted the request')));
  });
}
