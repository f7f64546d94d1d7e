import { createHash, randomBytes } from 'node:crypto';

const b64url = (buf: Buffer): string => buf.toString('base64url');

/** RFC 7636: a random verifier and its S256 challenge. */
export function createPkce(): { verifier: string; challenge: string } {
  const verifier = b64url(randomBytes(32));
  return { verifier, challenge: b64url(createHash('sha256').update(verifier).digest()) };
}

export function randomState(): string {
  return b64url(randomBytes(16));
}
