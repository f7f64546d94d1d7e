import { hostname } from 'node:os';
import { isScope, isWellFormedAccessToken, type Scope } from '../../../core/index.js';
import { createApiClient } from '../../api-client.js';
import { resolveSecret } from '../../auth-headers.js';
import type { RunContext } from '../../command-spec.js';
import { connectUrl, defaultContextName } from '../../connect-target.js';
import { isLoopbackUrl, saveCliConfig, type Target } from '../../contexts.js';
import { CliError, EXIT } from '../../exit-codes.js';
import { withProgress } from '../../output.js';
import { optString, parseNumberFlag } from '../../parse.js';
import { readPassword } from './read-password.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

interface Whoami {
  scope?: unknown;
}
interface Minted {
  token?: unknown;
  secret?: unknown;
  scope?: unknown;
}

function plainHttpWarning(ctx: RunContext, url: string, what: string): void {
  if (url.startsWith('http://') && !isLoopbackUrl(url)) {
    ctx.out.warn(`${url} is plain http: the ${what} crosses the network unencrypted. Prefer https (a tunnel) or an SSH port-forward.`);
  }
}

export async function run(ctx: RunContext): Promise<void> {
  const [input] = ctx.args as [string];
  const url = connectUrl(input, parseNumberFlag(optString(ctx.opts, 'port'), '--port', { integer: true }));
  const name = optString(ctx.opts, 'name') ?? defaultContextName(url);
  if (!NAME.test(name)) throw new CliError(`--name: '${name}' must be letters, digits, dot, dash, underscore`, EXIT.usage);
  const scopeFlag = optString(ctx.opts, 'scope');
  if (scopeFlag !== undefined && !isScope(scopeFlag)) throw new CliError(`--scope must be read, write or admin, got '${scopeFlag}'`, EXIT.usage);
  const key = optString(ctx.opts, 'key');
  const target: Target = { url, context: null, auth: null, source: 'flag' };
  const client = createApiClient(target, ctx.env);

  let token: string;
  let scope: Scope;
  if (key !== undefined) {
    const secret = resolveSecret(key, ctx.env, '--key');
    if (!isWellFormedAccessToken(secret)) throw new CliError('--key is not a well-formed access token (sya_live_…)', EXIT.usage);
    plainHttpWarning(ctx, url, 'token');
    const me = await withProgress(`checking the token with ${url}…`, () =>
      client.get<Whoami>('/api/cli/whoami', { headers: { authorization: `Bearer ${secret}` } }),
    );
    if (!isScope(me.scope)) throw new CliError(`${url} did not say what the token may do; is it a Switchyard server?`);
    token = key;
    scope = me.scope;
  } else {
    const password = await readPassword(ctx, url);
    plainHttpWarning(ctx, url, 'password');
    const minted = await withProgress(`connecting to ${url}…`, () =>
      client.request<Minted>('POST', '/api/cli/connect', {
        body: { password, scope: scopeFlag ?? 'admin', name: `cli@${hostname()}` },
      }),
    );
    const secret = typeof minted.token === 'string' ? minted.token : minted.secret;
    if (typeof secret !== 'string') throw new CliError(`${url} answered without a token; is it a Switchyard server?`);
    token = secret;
    scope = isScope(minted.scope) ? minted.scope : (scopeFlag ?? 'admin');
  }

  const cfg = ctx.config();
  cfg.contexts[name] = { url, auth: { kind: 'token', token }, scope, createdAt: new Date().toISOString() };
  cfg.current = name;
  saveCliConfig(cfg, ctx.env);
  if (ctx.out.json) return ctx.out.data({ context: name, url, scope });
  ctx.out.success(`Connected to ${url} — context '${name}' (scope: ${scope})`);
}
