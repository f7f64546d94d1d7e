import type { CommandSpec } from '../../command-spec.js';

export const connectCommand: CommandSpec = {
  name: 'connect <host-or-url>',
  description: 'connect to a Switchyard server and save it as a context (bare host → http://host:20128)',
  remote: false,
  options: [
    { flags: '--port <port>', description: 'port when the host has none (default 20128)' },
    { flags: '--name <ctx>', description: 'context name (default: the host)' },
    { flags: '--scope <scope>', description: 'read | write | admin (password mode; default admin)' },
    { flags: '--key <token>', description: 'use an existing access token (sya_live_… or env:VAR) instead of the password' },
    { flags: '--password-stdin', description: 'read the management password from standard input' },
    { flags: '--browser', description: 'sign in with your identity provider in a browser (needs --issuer, --client-id)' },
    { flags: '--issuer <url>', description: 'OIDC issuer for --browser (discovery at /.well-known/openid-configuration)' },
    { flags: '--client-id <id>', description: 'OAuth client id (with --client-secret: client-credentials mode)' },
    { flags: '--client-secret <env:VAR>', description: 'the client secret, as an env:VAR reference (never stored)' },
    { flags: '--token-url <url>', description: "the identity provider's token endpoint" },
    { flags: '--oauth-scope <scope>', description: 'scope to request from the identity provider, e.g. switchyard:write' },
    { flags: '--audience <aud>', description: 'audience parameter for identity providers that need one' },
  ],
  load: () => import('./connect.js'),
};
