import { CliError, EXIT } from '../exit-codes.js';

export interface TokenResponse {
  accessToken: string;
  /** Epoch ms; null when the IdP did not say. */
  expiresAt: number | null;
  refreshToken?: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** POSTs a form to an OAuth token endpoint (RFC 6749 §4.1.3, §4.4, §6) and reads the answer. */
export async function requestToken(tokenUrl: string, form: Record<string, string | undefined>): Promise<TokenResponse> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) if (v !== undefined) body.set(k, v);
  let res: Response;
  try {
    res = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    throw new CliError(`cannot reach the token endpoint ${tokenUrl}: ${err instanceof Error ? err.message : String(err)}`, EXIT.unreachable);
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    json = undefined;
  }
  if (!res.ok || !isRecord(json) || typeof json.access_token !== 'string') {
    const reason = isRecord(json) && typeof json.error === 'string' ? `${json.error}${typeof json.error_description === 'string' ? `: ${json.error_description}` : ''}` : `status ${res.status}`;
    throw new CliError(`the identity provider refused the token request (${reason})`, EXIT.auth);
  }
  const expiresIn = typeof json.expires_in === 'number' ? json.expires_in : Number(json.expires_in);
  return {
    accessToken: json.access_token,
    expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? Date.now() + expiresIn * 1000 : null,
    ...(typeof json.refresh_token === 'string' && { refreshToken: json.refresh_token }),
  };
}
