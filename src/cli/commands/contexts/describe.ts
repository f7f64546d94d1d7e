import { resolveSecret } from '../../auth-headers.js';
import type { ContextAuth } from '../../contexts.js';
import { maskSecret } from '../../output.js';

/** An auth description safe to print: kinds and masked secrets only. */
export function describeAuth(auth: ContextAuth | null, env: NodeJS.ProcessEnv): string {
  if (!auth) return 'none';
  switch (auth.kind) {
    case 'cli-token':
      return 'cli-token (this machine, loopback only)';
    case 'token': {
      if (auth.token.startsWith('env:')) return `token from $${auth.token.slice(4)}`;
      return `token ${maskSecret(resolveSecret(auth.token, env, 'context'))}`;
    }
    case 'oauth-client':
      return `oauth-client ${auth.clientId}`;
    case 'browser':
      return `browser (${auth.issuer})`;
  }
}
