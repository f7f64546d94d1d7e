import { loadCliConfig, saveCliConfig, type ContextAuth, type Target } from '../contexts.js';
import { CliError, EXIT } from '../exit-codes.js';
import { requestToken } from './token-endpoint.js';

type BrowserAuth = Extract<ContextAuth, { kind: 'browser' }>;

/** The browser context's access token, refreshed (and the refresh saved) when it is about to expire. */
export async function browserAccessToken(target: Target, env: NodeJS.ProcessEnv): Promise<string> {
  const auth = target.auth as BrowserAuth;
  if (auth.expiresAt === null || auth.expiresAt - 30_000 > Date.now()) return auth.accessToken;
  if (!auth.refreshToken) {
    throw new CliError(
      `the sign-in of context '${target.context ?? ''}' expired; sign in again: switchyard connect ${target.url} --browser --issuer ${auth.issuer} --client-id ${auth.clientId}`,
      EXIT.auth,
    );
  }
  const fresh = await requestToken(auth.tokenEndpoint, { grant_type: 'refresh_token', refresh_token: auth.refreshToken, client_id: auth.clientId });
  const next: BrowserAuth = { ...auth, accessToken: fresh.accessToken, expiresAt: fresh.expiresAt, refreshToken: fresh.refreshToken ?? auth.refreshToken };
  target.auth = next;
  if (target.context) {
    const cfg = loadCliConfig(env);
    const stored = cfg.contexts[target.context];
    if (stored?.auth.kind === 'browser') {
      stored.auth = next;
      saveCliConfig(cfg, env);
    }
  }
  return fresh.accessToken;
}
