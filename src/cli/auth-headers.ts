import { CLI_TOKEN_HEADER, deriveCliToken } from '../core/index.js';
import { isLoopbackUrl, type Target } from './contexts.js';
import { CliError, EXIT } from './exit-codes.js';
import { browserAccessToken } from './oauth/browser-token.js';
import { requestToken } from './oauth/token-endpoint.js';

/** `env:VAR` → the variable's value; anything else is the secret itself. */
export function resolveSecret(value: string, env: NodeJS.ProcessEnv, what: string): string {
  if (!value.startsWith('env:')) return value;
  const name = value.slice(4);
  const v = env[name];
  if (!v) throw new CliError(`${what} reads its secret from $${name}, which is not set`, EXIT.auth);
  return v;
}

/** One client-credentials token per process and context, reused until shortly before it expires. */
const oauthCache = new Map<string, { token: string; expiresAt: number | null }>();

async function clientCredentialsToken(target: Target, env: NodeJS.ProcessEnv, what: string): Promise<string> {
  const auth = target.auth;
  if (auth?.kind !== 'oauth-client') throw new Error('not an oauth-client context');
  const cacheKey = `${auth.tokenUrl}|${auth.clientId}|${auth.scope ?? ''}|${auth.audience ?? ''}`;
  const hit = oauthCache.get(cacheKey);
  if (hit && (hit.expiresAt === null || hit.expiresAt - 30_000 > Date.now())) return hit.token;
  const res = await requestToken(auth.tokenUrl, {
    grant_type: 'client_credentials',
    client_id: auth.clientId,
    client_secret: resolveSecret(auth.clientSecret, env, what),
    scope: auth.scope,
    audience: auth.audience,
  });
  oauthCache.set(cacheKey, { token: res.accessToken, expiresAt: res.expiresAt });
  return res.accessToken;
}

/**
 * The headers that authenticate a request to the target. The machine token
 * goes only to a loopback URL: sent anywhere else it would hand every
 * listener on the path an admin credential for this machine's server.
 */
export async function authHeaders(
  target: Target,
  env: NodeJS.ProcessEnv = process.env,
  machineToken: () => string = deriveCliToken,
): Promise<Record<string, string>> {
  const auth = target.auth;
  const what = target.context ? `context '${target.context}'` : 'SWITCHYARD_TOKEN';
  if (!auth) return {};
  switch (auth.kind) {
    case 'token':
      return { authorization: `Bearer ${resolveSecret(auth.token, env, what)}` };
    case 'cli-token':
      return isLoopbackUrl(target.url) ? { [CLI_TOKEN_HEADER]: machineToken() } : {};
    case 'oauth-client':
      return { authorization: `Bearer ${await clientCredentialsToken(target, env, what)}` };
    case 'browser':
      return { authorization: `Bearer ${await browserAccessToken(target, env)}` };
  }
}
