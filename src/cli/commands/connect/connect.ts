import { hostname } from 'node:os';
import { isScope, isWellFormedAccessToken, type Scope } from '../../../core/index.js';
import { createApiClient, type ApiClient } from '../../api-client.js';
import { resolveSecret } from '../../auth-headers.js';
import type { RunContext } from '../../command-spec.js';
import { connectUrl, defaultContextName } from '../../connect-target.js';
import { isLoopbackUrl, saveCliConfig, type ContextAuth, type Target } from '../../contexts.js';
import { CliError, EXIT } from '../../exit-codes.js';
import { withProgress } from '../../output.js';
import { optString, parseNumberFlag } from '../../parse.js';
import { browserAuth } from './browser.js';
import { oauthClientAuth } from './oauth-client.js';
import { readPassword } from './read-password.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

interface Minted {
  token?: unknown;
  scope?: unknown;
}

function plainHttpWarning(ctx: RunContext, url: string, what: string): void {
  if (url.startsWith('http://') && !isLoopbackUrl(url)) {
    ctx.out.warn(`${url} is plain http: the ${what} crosses the network unencrypted. Prefer https (a tunnel) or an SSH port-forward.`);
  }
}

/** Asks the server what a credential may do; the context is saved only if it answers. */
async function scopeOf(client: ApiClient, url: string): Promise<Scope> {
  const me = await withProgress(`checking the credential with ${url}…`, () => client.get<{ scope?: unknown }>('/api/cli/whoami'));
  if (!isScope(me.scope)) throw new CliError(`${url} did not say what the credential may do; is it a Switchyard server?`);
  return me.scope;
}

async function withKey(ctx: RunContext, url: string, key: string): Promise<{ auth: ContextAuth; scope: Scope }> {
  const secret = resolveSecret(key, ctx.env, '--key');
  if (!isWellFormedAccessToken(secret)) throw new CliError('--key is not a well-formed access token (sya_live_…)', EXIT.usage);
  plainHttpWarning(ctx, url, 'token');
  const auth: ContextAuth = { kind: 'token', token: key };
  return { auth, scope: await scopeOf(createApiClient({ url, context: null, auth, source: 'flag' }, ctx.env), url) };
}

async function withPassword(ctx: RunContext, url: string, scopeFlag: Scope | undefined): Promise<{ auth: ContextAuth; scope: Scope }> {
  const password = await readPassword(ctx, url);
  plainHttpWarning(ctx, url, 'password');
  const client = createApiClient({ url, context: null, auth: null, source: 'flag' }, ctx.env);
  const minted = await withProgress(`connecting to ${url}…`, () =>
    client.request<Minted>('POST', '/api/cli/connect', { body: { password, scope: scopeFlag ?? 'admin', name: `cli@${hostname()}` } }),
  );
  if (typeof minted.token !== 'string') throw new CliError(`${url} answered without a token; is it a Switchyard server?`);
  return { auth: { kind: 'token', token: minted.token }, scope: isScope(minted.scope) ? minted.scope : (scopeFlag ?? 'admin') };
}

export async function run(ctx: RunContext): Promise<void> {
  const [input] = ctx.args as [string];
  const url = connectUrl(input, parseNumberFlag(optString(ctx.opts, 'port'), '--port', { integer: true }));
  const name = optString(ctx.opts, 'name') ?? defaultContextName(url);
  if (!NAME.test(name)) throw new CliError(`--name: '${name}' must be letters, digits, dot, dash, underscore`, EXIT.usage);
  const scopeFlag = optString(ctx.opts, 'scope');
  if (scopeFlag !== undefined && !isScope(scopeFlag)) throw new CliError(`--scope must be read, write or admin, got '${scopeFlag}'`, EXIT.usage);
  const key = optString(ctx.opts, 'key');

  let result: { auth: ContextAuth; scope: Scope };
  if (ctx.opts.browser === true || optString(ctx.opts, 'clientId') !== undefined) {
    const auth = ctx.opts.browser === true ? await browserAuth(ctx) : oauthClientAuth(ctx);
    plainHttpWarning(ctx, url, 'token');
    const target: Target = { url, context: null, auth, source: 'flag' };
    const scope = await scopeOf(createApiClient(target, ctx.env), url);
    // The check may have refreshed a browser token: save what the target holds now.
    result = { auth: target.auth ?? auth, scope };
  } else if (key !== undefined) result = await withKey(ctx, url, key);
  else result = await withPassword(ctx, url, scopeFlag);

  const cfg = ctx.config();
  cfg.contexts[name] = { url, auth: result.auth, scope: result.scope, createdAt: new Date().toISOString() };
  cfg.current = name;
  saveCliConfig(cfg, ctx.env);
  if (ctx.out.json) return ctx.out.data({ context: name, url, scope: result.scope, auth: result.auth.kind });
  ctx.out.success(`Connected to ${url} — context '${name}' (scope: ${result.scope})`);
}
