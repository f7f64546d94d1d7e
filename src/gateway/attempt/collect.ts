import type { Dispatcher } from 'undici';

/** A whole upstream body as one Buffer (plain listeners: cheaper than an async iterator per request). */
export function collect(body: Dispatcher.ResponseData['body']): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    body.on('data', (chunk: Buffer) => parts.push(chunk));
    body.once('end', () => resolve(parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts)));
    body.once('error', reject);
  });
}
