import { randomBytes } from 'node:crypto';
import { randomBase62 } from './base62.js';

/** Short prefixed ids for stored entities: `prv_…`, `key_…`, `tok_…`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBase62(16)}`;
}

/** Request ids: 24 hex chars, cheap enough for the hot path. */
export function newRequestId(): string {
  return 'req_' + randomBytes(12).toString('hex');
}
