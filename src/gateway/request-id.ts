import { randomBytes } from 'node:crypto';

const ID_BYTES = 12;
const POOL_IDS = 512;
let pool = Buffer.alloc(0);
let offset = 0;

/** `req_` + 24 hex, like core's newRequestId, from a pooled random buffer (one syscall per 512 ids). */
export function nextRequestId(): string {
  if (offset + ID_BYTES > pool.length) {
    pool = randomBytes(ID_BYTES * POOL_IDS);
    offset = 0;
  }
  const id = 'req_' + pool.toString('hex', offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return id;
}
