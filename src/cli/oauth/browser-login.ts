/**
 * Authorization code + PKCE with a loopback redirect (RFC 8252): a one-shot
 * HTTP listener on 127.0.0.1 receives the code, which is exchanged with the
 * verifier only this process knows.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CliError, EXIT } from '../exit-codes.js';
import { discover } from './discovery.js';
import { createPkce, randomState } from './pkce.js';
import { requestToken, type TokenResponse } from './token-endpoint.js';

export interface BrowserLoginOptions {
  issuer: string;
  clientId: string;
  scope?: string;
  audience?: string;
  timeoutMs?: number;
  /** Where to tell the user to go (stderr). */
  announce(url: string): void;
  env: NodeJS.ProcessEnv;
}

/** `$BROWSER <url>`, else the platform's opener when a person is at the terminal. */
function openBrowser(url: string, env: NodeJS.ProcessEnv): void {
  const cmd = env.BROWSER || (process.stdout.isTTY ? (process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open') : '');
  if (!cmd || cmd === 'none') return;
  try {
    const child = spawn(cmd, [url], { stdio: 'ignore', detached: true, shell: false });
    child.on('error', () => {});
    child.unref();
  } catch {}
}

function waitForCode(state: string, timeoutMs: number): Promise<{ redirectUri: string; code: Promise<string> }> {
  return new Promise((resolveListen, rejectListen) => {
    let settle: { ok: (code: string) => void; fail: (err: Error) => void } | undefined;
    const code = new Promise<string>((ok, fail) => (settle = { ok, fail }));
    const server = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (u.pathname !== '/callback') return void res.writeHead(404).end();
      const err = u.searchParams.get('error');
      const ok = !err && u.searchParams.get('state') === state && u.searchParams.get('code');
      res.writeHead(ok ? 200 : 400, { 'content-type': 'text/html; charset=utf-8' });
      res.end(ok ? '<h1>Signed in to Switchyard</h1><p>You can close this tab.</p>' : '<h1>Sign-in failed</h1>');
      done();
      if (ok) settle?.ok(u.searchParams.get('code') as string);
      else settle?.fail(new CliError(`sign-in failed: ${err ?? 'the answer did not match this login (state)'}`, EXIT.auth));
    });
    const timer = setTimeout(() => {
      done();
      settle?.fail(new CliError('sign-in timed out', EXIT.auth));
    }, timeoutMs);
    function done(): void {
      clearTimeout(timer);
      server.close();
    }
    server.once('error', rejectListen);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolveListen({ redirectUri: `http://127.0.0.1:${port}/callback`, code });
    });
  });
}

export async function browserLogin(o: BrowserLoginOptions): Promise<TokenResponse & { tokenEndpoint: string }> {
  const { authorizationEndpoint, tokenEndpoint } = await discover(o.issuer);
  const pkce = createPkce();
  const state = randomState();
  const { redirectUri, code } = await waitForCode(state, o.timeoutMs ?? 300_000);
  const auth = new URL(authorizationEndpoint);
  const params: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: o.clientId,
    redirect_uri: redirectUri,
    scope: ['openid', o.scope].filter(Boolean).join(' '),
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    state,
    audience: o.audience,
  };
  for (const [k, v] of Object.entries(params)) if (v !== undefined) auth.searchParams.set(k, v);
  o.announce(auth.toString());
  openBrowser(auth.toString(), o.env);
  const tokens = await requestToken(tokenEndpoint, {
    grant_type: 'authorization_code',
    code: await code,
    redirect_uri: redirectUri,
    client_id: o.clientId,
    code_verifier: pkce.verifier,
  });
  return { ...tokens, tokenEndpoint };
}
