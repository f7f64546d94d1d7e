import type { RunContext } from '../../command-spec.js';
import type { ContextAuth } from '../../contexts.js';
import { CliError, EXIT } from '../../exit-codes.js';
import { browserLogin } from '../../oauth/browser-login.js';
import { optString } from '../../parse.js';

/** `--browser --issuer URL --client-id ID`: authorization code + PKCE through a loopback redirect. */
export async function browserAuth(ctx: RunContext): Promise<ContextAuth> {
  const issuer = optString(ctx.opts, 'issuer');
  const clientId = optString(ctx.opts, 'clientId');
  if (!issuer || !clientId) throw new CliError('--browser needs --issuer <url> and --client-id <id>', EXIT.usage);
  const scope = optString(ctx.opts, 'oauthScope');
  const tokens = await browserLogin({
    issuer,
    clientId,
    scope,
    audience: optString(ctx.opts, 'audience'),
    env: ctx.env,
    announce: (url) => process.stderr.write(`Sign in in your browser (opening it if it can):\n  ${url}\n`),
  });
  return {
    kind: 'browser',
    issuer,
    clientId,
    tokenEndpoint: tokens.tokenEndpoint,
    accessToken: tokens.accessToken,
    expiresAt: tokens.expiresAt,
    ...(tokens.refreshToken && { refreshToken: tokens.refreshToken }),
    ...(scope && { scope }),
  };
}
