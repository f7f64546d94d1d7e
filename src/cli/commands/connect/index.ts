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
  ],
  load: () => import('./connect.js'),
};
