import type { RunContext } from '../../command-spec.js';
import type { ContextAuth } from '../../contexts.js';
import { CliError, EXIT } from '../../exit-codes.js';
import { optString } from '../../parse.js';

/** `--client-id/--client-secret env:VAR/--token-url` → an oauth-client context (the secret stays in the env). */
export function oauthClientAuth(ctx: RunContext): ContextAuth {
  const clientId = optString(ctx.opts, 'clientId') as string;
  const clientSecret = optString(ctx.opts, 'clientSecret');
  const tokenUrl = optString(ctx.opts, 'tokenUrl');
  if (!tokenUrl) throw new CliError('--client-id needs --token-url (the identity provider\'s token endpoint)', EXIT.usage);
  if (!clientSecret || !/^env:[A-Za-z_][A-Za-z0-9_]*$/.test(clientSecret)) {
    throw new CliError('--client-secret must be an env:VAR reference; the secret itself is never written to disk', EXIT.usage);
  }
  try {
    const u = new URL(tokenUrl);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
  } catch {
    throw new CliError(`--token-url '${tokenUrl}' is not an http(s) URL`, EXIT.usage);
  }
  const scope = optString(ctx.opts, 'oauthScope');
  const audience = optString(ctx.opts, 'audience');
  return { kind: 'oauth-client', tokenUrl, clientId, clientSecret, ...(scope && { scope }), ...(audience && { audience }) };
}
