import { encodeBase62, isBase62, randomBase62 } from './base62.js';
import { crc32 } from './crc32.js';
import { sha256Hex } from './hash.js';

export const ACCESS_TOKEN_PREFIX = 'sya_live_';
const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 6;
export const ACCESS_TOKEN_LENGTH = ACCESS_TOKEN_PREFIX.length + RANDOM_LENGTH + CHECKSUM_LENGTH;

function checksum(random: string): string {
  return encodeBase62(crc32(ACCESS_TOKEN_PREFIX + random), CHECKSUM_LENGTH);
}

/** `sya_live_` + 32 base62 + 6-char base62 CRC32 of what precedes it. */
export function generateAccessToken(): string {
  const random = randomBase62(RANDOM_LENGTH);
  return ACCESS_TOKEN_PREFIX + random + checksum(random);
}

/** Offline check: right prefix, length, alphabet and checksum. */
export function isWellFormedAccessToken(token: string): boolean {
  if (token.length !== ACCESS_TOKEN_LENGTH || !token.startsWith(ACCESS_TOKEN_PREFIX)) return false;
  const body = token.slice(ACCESS_TOKEN_PREFIX.length);
  if (!isBase62(body)) return false;
  const random = body.slice(0, RANDOM_LENGTH);
  return body.slice(RANDOM_LENGTH) === checksum(random);
}

export function hashAccessToken(token: string): string {
  return sha256Hex(token);
}

/** `sya_live_AbC1…`: enough to recognise a token, never enough to use it. */
export function maskAccessToken(token: string): string {
  return token.slice(0, ACCESS_TOKEN_PREFIX.length + 4) + '…';
}
