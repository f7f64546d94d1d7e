import { CLI_TOKEN_HEADER, deriveCliToken } from '../core/index.js';
import { isLoopbackUrl, type Target } from './contexts.js';
import { CliError, EXIT } from './exit-codes.js';

/** `env:VAR` → the variable's value; anything else is the secret itself. */
export function resolveSecret(value: string, env: NodeJS.ProcessEnv, what: string): string {
  if (!value.startsWith('env:')) return value;
  const name = value.slice(4);
  const v = env[name];
  if (!v) throw new CliError(`${what} reads its secret from $${name}, which is not set`, EXIT.auth);
  return v;
}

/**
 * The headers that authenticate a request to the target. The machine token
 * goes only to a loopback URL: sent anywhere else it would hand every
 * listener on the path an admin credential for this machine's server.
 */
export function authHeaders(
  target: Target,
  env: NodeJS.ProcessEnv = process.env,
  machineToken: () => string = deriveCliToken,
): Record<string, string> {
  const auth = target.auth;
  const what = target.context ? `context '${target.context}'` : 'SWITCHYARD_TOKEN';
  if (!auth) return {};
  switch (auth.kind) {
    case 'token':
      return { authorization: `Bearer ${resolveSecret(auth.token, env, what)}` };
    case 'cli-token':
      return isLoopbackUrl(target.url) ? { [CLI_TOKEN_HEADER]: machineToken() } : {};
    case 'oauth-client':
    case 'browser':
      throw new CliError(`${what}: auth kind '${auth.kind}' is not supported by this version of the CLI`, EXIT.usage);
  }
}
