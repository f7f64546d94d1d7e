import { CliError, EXIT } from '../exit-codes.js';

export interface IdpEndpoints {
  authorizationEndpoint: string;
  tokenEndpoint: string;
}

/** OpenID Connect discovery: `<issuer>/.well-known/openid-configuration`. */
export async function discover(issuer: string): Promise<IdpEndpoints> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let doc: unknown;
  try {
    const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(15_000) });
    if (!res.ok) throw new Error(`status ${res.status}`);
    doc = await res.json();
  } catch (err) {
    throw new CliError(`cannot read ${url}: ${err instanceof Error ? err.message : String(err)}`, EXIT.unreachable);
  }
  const d = (typeof doc === 'object' && doc !== null ? doc : {}) as Record<string, unknown>;
  if (typeof d.authorization_endpoint !== 'string' || typeof d.token_endpoint !== 'string') {
    throw new CliError(`${url} names no authorization_endpoint and token_endpoint`, EXIT.error);
  }
  return { authorizationEndpoint: d.authorization_endpoint, tokenEndpoint: d.token_endpoint };
}
