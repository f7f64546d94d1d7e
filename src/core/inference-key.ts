import { isBase62, randomBase62 } from './base62.js';
import { sha256Hex } from './hash.js';

export const INFERENCE_KEY_PREFIX = 'sk-sy-';
const BODY_LENGTH = 40;

/** `sk-sy-` + 40 base62 characters: ~238 bits of entropy. */
export function generateInferenceKey(): string {
  return INFERENCE_KEY_PREFIX + randomBase62(BODY_LENGTH);
}

export function looksLikeInferenceKey(value: string): boolean {
  if (!value.startsWith(INFERENCE_KEY_PREFIX)) return false;
  const body = value.slice(INFERENCE_KEY_PREFIX.length);
  return body.length === BODY_LENGTH && isBase62(body);
}

export function hashInferenceKey(key: string): string {
  return sha256Hex(key);
}

/** What listings and logs may show of a key. */
export function maskInferenceKey(key: string): string {
  return key.slice(0, INFERENCE_KEY_PREFIX.length + 4) + '…';
}
