import type { Dispatcher } from 'undici';
import { SwitchyardError } from '../../core/index.js';

/** The default of `upstream.maxResponseBytes`. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

export function answerTooLarge(max: number): SwitchyardError {
  return new SwitchyardError('UPSTREAM_ERROR', `the provider's answer is larger than ${max} bytes (upstream.maxResponseBytes)`, { status: 502, expose: true });
}

/**
 * A whole upstream body as one Buffer (plain listeners: cheaper than an async
 * iterator per request), refused once it passes `max` bytes so one huge answer
 * cannot take the process's memory (#20 item 8).
 */
export function collect(body: Dispatcher.ResponseData['body'], max = DEFAULT_MAX_RESPONSE_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        parts.length = 0;
        body.on('error', () => {}); // destroying an undici body emits an abort error
        body.destroy();
        reject(answerTooLarge(max));
        return;
      }
      parts.push(chunk);
    });
    body.once('end', () => resolve(parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts)));
    body.once('error', reject);
  });
}
